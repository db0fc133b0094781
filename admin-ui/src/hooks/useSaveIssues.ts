/**
 * The validation issues a form shows, always about what it holds now: after a save was tried,
 * the form's own checks run again on every edit (a fixed value loses its message at once),
 * and the server's issues stay only while their values are unchanged (lib/standing-issues.ts).
 */
import { useState } from 'react'
import type { Issue } from '../lib/api-error.js'
import { standingIssues } from '../lib/standing-issues.js'

export function useSaveIssues<D>(draft: D | undefined, check: (draft: D) => Issue[]) {
  const [attempt, setAttempt] = useState<{ draft: D; server: readonly Issue[] }>()
  const issues =
    attempt && draft !== undefined
      ? [...check(draft), ...standingIssues(attempt.server, attempt.draft, draft)]
      : []
  return {
    issues,
    /** A save is tried with `draft`: the problems the form finds in it (none: go ahead). */
    tried(tried: D): Issue[] {
      setAttempt({ draft: tried, server: [] })
      return check(tried)
    },
    /** The server refused `refused` with these issues. */
    refused(refused: D, server: readonly Issue[]) {
      setAttempt({ draft: refused, server })
    },
    /** Saved, or the edits were dropped: nothing to say. */
    clear() {
      setAttempt(undefined)
    },
  }
}
