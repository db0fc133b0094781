/**
 * A segment as an edit: the fields a save sends, the edits replayed on a newer version, and
 * the problems to refuse before sending (core's segment schema, and empty rules and values).
 */
import { segmentSchema, type SegmentRule } from '@andon/core'
import type { SegmentInfo } from '@andon/core'
import type { Issue } from './api-error.js'
import { emptyRuleIssues } from './rule-checks.js'

export interface SegmentDraft {
  name: string
  description: string
  included: string[]
  excluded: string[]
  rules: SegmentRule[]
}

export function segmentDraftOf(s: SegmentInfo): SegmentDraft {
  return {
    name: s.name,
    description: s.description,
    included: s.included,
    excluded: s.excluded,
    rules: s.rules,
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function segmentChanged(base: SegmentInfo, draft: SegmentDraft): boolean {
  return !same(segmentDraftOf(base), draft)
}

/** My edits (against `base`) on top of `newer`: fields I did not touch keep their newer value. */
export function rebaseSegment(
  base: SegmentInfo,
  draft: SegmentDraft,
  newer: SegmentInfo,
): SegmentDraft {
  const from = segmentDraftOf(base)
  const next = segmentDraftOf(newer)
  for (const field of Object.keys(next) as (keyof SegmentDraft)[]) {
    if (!same(from[field], draft[field])) Object.assign(next, { [field]: draft[field] })
  }
  return next
}

/** What stops the draft from saving, at the paths of the server's issues. */
export function segmentDraftIssues(base: SegmentInfo, draft: SegmentDraft): Issue[] {
  const issues: Issue[] = emptyRuleIssues(draft.rules)
  if (draft.name.trim() === '') issues.push({ path: ['name'], message: 'Give the segment a name' })
  const checked = segmentSchema.safeParse({ ...draft, key: base.key, version: base.version })
  if (!checked.success) {
    for (const i of checked.error.issues) {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol')
      if (!issues.some((known) => known.path.join('.') === path.join('.'))) {
        issues.push({ path, message: i.message })
      }
    }
  }
  return issues
}
