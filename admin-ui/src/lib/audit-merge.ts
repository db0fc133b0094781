/**
 * The audit log as shown: the newest page fetched again and again puts new entries on top
 * without touching the ones shown (an open entry stays open), and older pages add below.
 * Entry ids grow with time, so ids say what is new and what is already there.
 */
import type { AuditEntry } from '@andon/core'

export interface AuditView {
  entries: readonly AuditEntry[]
  /** Whether older entries may exist beyond the last one shown. */
  more: boolean
}

/** The first page of a filter, replacing whatever another filter showed. */
export function firstPage(page: readonly AuditEntry[], pageSize: number): AuditView {
  return { entries: page, more: page.length === pageSize }
}

/** The newest page merged into the view; the same view when nothing is new. */
export function withNewest(
  view: AuditView,
  newest: readonly AuditEntry[],
  pageSize: number,
): AuditView {
  const top = view.entries[0]?.id
  if (top === undefined) return newest.length === 0 ? view : firstPage(newest, pageSize)
  const fresh = newest.filter((e) => e.id > top)
  if (fresh.length === 0) return view
  // A whole page of new entries may hide more between it and the shown ones: start over.
  if (fresh.length === pageSize) return firstPage(newest, pageSize)
  return { entries: [...fresh, ...view.entries], more: view.more }
}

/** An older page added below the last entry shown (a repeated request adds nothing twice). */
export function withOlder(
  view: AuditView,
  older: readonly AuditEntry[],
  pageSize: number,
): AuditView {
  const last = view.entries[view.entries.length - 1]?.id ?? Infinity
  return {
    entries: [...view.entries, ...older.filter((e) => e.id < last)],
    more: older.length === pageSize,
  }
}
