/**
 * Validation issues of the form being edited (from core's schema or the server's 422), so that
 * each field shows the messages at its own path.
 */
import { createContext, useContext } from 'react'
import { messagesAt, type Issue, type IssuePath } from '../lib/api-error.js'

export const IssuesContext = createContext<readonly Issue[]>([])

/** Messages at or under `path`; with `exact`, only those at `path` itself. */
export function useIssuesAt(path: IssuePath, exact = false): string[] {
  const issues = useContext(IssuesContext)
  const messages = messagesAt(issues, path)
  return exact
    ? messagesAt(
        issues.filter((i) => i.path.length === path.length),
        path,
      )
    : messages
}
