import type { AuditEntry } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { offReasonKey, offReasons, offSentence } from './off-reason.js'

const at = Date.UTC(2026, 10, 22, 1, 5)
const flag = (enabled: boolean) => ({
  key: 'checkout',
  version: 3,
  enabled,
  variations: [false, true],
})
const entry = (id: number, fields: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: at + id * 1000,
  actor: 'admin',
  action: 'flag.config.update',
  targetKind: 'flag',
  targetKey: 'checkout',
  environment: 'production',
  before: flag(true),
  after: flag(true),
  comment: null,
  ...fields,
})
const tripped = entry(2, {
  actor: 'guard',
  action: 'guard.tripped',
  after: { ...flag(false), detail: { metric: 'checkout-error', variation: 1, control: 0 } },
})
const alert = entry(3, {
  actor: 'alertmanager',
  action: 'flag.alert.disable',
  environment: 'staging',
  after: {
    ...flag(false),
    detail: {
      alert: {
        status: 'firing',
        labels: { alertname: 'ErrorBudget' },
        annotations: { summary: 'burning' },
        startsAt: null,
      },
    },
  },
})

describe('offReasons', () => {
  it('reads the guard’s and the alert’s switch-off with the variations by name', () => {
    const reasons = offReasons([alert, tripped], () => [false, true])
    expect(offSentence(reasons.get(offReasonKey('checkout', 'production'))!)).toBe(
      'The guard switched this flag off at 2026-11-22 01:05:02 UTC: checkout-error regressed in variation true against variation false.',
    )
    expect(offSentence(reasons.get(offReasonKey('checkout', 'staging'))!)).toBe(
      'Alertmanager switched this flag off at 2026-11-22 01:05:03 UTC: ErrorBudget fired (burning).',
    )
  })

  it('forgets a switch-off once someone switched the flag since, but not for other edits', () => {
    const onAgain = entry(4, { before: flag(false), after: flag(true) })
    expect(offReasons([onAgain, tripped]).size).toBe(0)
    const saltEdit = entry(4, { before: flag(false), after: { ...flag(false), salt: 's' } })
    expect(offReasons([saltEdit, tripped]).get(offReasonKey('checkout', 'production'))?.by).toBe(
      'guard',
    )
  })
})
