import type { AuditEntry } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { matchesFlag } from './audit-filter.js'

const entry = (targetKind: string, targetKey: string): AuditEntry => ({
  id: 1,
  at: 0,
  actor: 'admin',
  action: 'x',
  targetKind,
  targetKey,
  environment: null,
  before: null,
  after: null,
  comment: null,
})

describe('matchesFlag', () => {
  it('matches part of a flag key in any case, and only flags', () => {
    expect(matchesFlag(entry('flag', 'new-checkout'), 'CHECK')).toBe(true)
    expect(matchesFlag(entry('flag', 'new-checkout'), 'cart')).toBe(false)
    expect(matchesFlag(entry('segment', 'checkout-beta'), 'check')).toBe(false)
    expect(matchesFlag(entry('key', '6'), '')).toBe(true)
  })
})
