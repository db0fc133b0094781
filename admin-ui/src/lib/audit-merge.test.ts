import type { AuditEntry } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { firstPage, withNewest, withOlder } from './audit-merge.js'

const entry = (id: number): AuditEntry => ({
  id,
  at: 1_700_000_000_000 + id,
  actor: 'admin',
  action: 'flag.update',
  targetKind: 'flag',
  targetKey: 'new-checkout',
  environment: 'production',
  before: null,
  after: null,
})
/** Entries `from` down to `to`, newest first, as the API answers. */
const ids = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => entry(from - i))

describe('withNewest', () => {
  it('puts new entries on top and keeps the shown ones as they are', () => {
    const view = firstPage(ids(10, 8), 3)
    const next = withNewest(view, ids(12, 10), 3)
    expect(next.entries.map((e) => e.id)).toEqual([12, 11, 10, 9, 8])
    expect(next.entries[2]).toBe(view.entries[0])
    expect(next.more).toBe(true)
  })

  it('gives back the same view when nothing is new, so nothing renders again', () => {
    const view = firstPage(ids(10, 8), 3)
    expect(withNewest(view, ids(10, 8), 3)).toBe(view)
  })

  it('starts over from the newest page when a whole page is new', () => {
    const view = withOlder(firstPage(ids(10, 8), 3), ids(7, 5), 3)
    const next = withNewest(view, ids(20, 18), 3)
    expect(next.entries.map((e) => e.id)).toEqual([20, 19, 18])
    expect(next.more).toBe(true)
  })

  it('shows the first entries of an empty log', () => {
    const next = withNewest(firstPage([], 50), ids(2, 1), 50)
    expect(next.entries.map((e) => e.id)).toEqual([2, 1])
    expect(next.more).toBe(false)
  })
})

describe('withOlder', () => {
  it('adds an older page below, once even when asked twice', () => {
    const view = withOlder(firstPage(ids(10, 8), 3), ids(7, 5), 3)
    const again = withOlder(view, ids(7, 5), 3)
    expect(again.entries.map((e) => e.id)).toEqual([10, 9, 8, 7, 6, 5])
  })

  it('says there is no more after a short page', () => {
    expect(withOlder(firstPage(ids(10, 8), 3), ids(7, 7), 3).more).toBe(false)
  })
})
