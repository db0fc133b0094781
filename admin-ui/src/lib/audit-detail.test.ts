import type { AuditEntry } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { afterWithoutDetail, auditDetail, type GuardEvidence } from './audit-detail.js'

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: Date.UTC(2026, 10, 22, 1, 7),
  actor: 'guard',
  action: 'guard.tripped',
  targetKind: 'flag',
  targetKey: 'new-checkout',
  environment: 'production',
  before: { key: 'new-checkout', enabled: true },
  after: { key: 'new-checkout', enabled: false },
  comment: null,
  ...over,
})

const figures = (variation: number, exposures: number, count: number) => ({
  variation,
  exposures,
  count,
  sum: count,
  sumSquares: count,
  value: count / exposures,
})

/** As server/src/store/sqlite/guard-decisions.ts writes it. */
const detail: GuardEvidence = {
  metric: 'checkout-error',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 200,
  control: 0,
  action: 'disable',
  alpha: 0.05,
  decision: 'disable',
  variation: 1,
  since: Date.UTC(2026, 10, 22, 1, 0),
  comparison: { variation: 1, excess: 0.09, likelihoodRatio: 1e6, bound: 20, regression: true },
  figures: [figures(0, 800, 8), figures(1, 800, 80)],
}

describe('auditDetail', () => {
  it('reads a trip from the flag written in `after` with its detail, variations by name', () => {
    const tripped = entry({ after: { key: 'new-checkout', enabled: false, detail } })
    expect(auditDetail(tripped, [false, true])).toEqual({
      headline:
        'The guard found a regression of checkout-error in variation true against control false (likelihood ratio 1,000,000 ≥ bound 20) and switched the flag off.',
      lines: [
        { label: 'Variation false (control)', value: '800 exposures, 8 events, value 0.01' },
        { label: 'Variation true', value: '800 exposures, 80 events, value 0.1' },
        { label: 'kind', value: 'rate' },
        { label: 'threshold', value: '0' },
        { label: 'alpha', value: '0.05' },
        { label: 'excess', value: '0.09' },
        { label: 'since', value: '2026-11-22 01:00:00 UTC' },
      ],
    })
    // The diff then shows what changed in the flag, not the evidence again.
    expect(afterWithoutDetail(tripped.after)).toEqual({ key: 'new-checkout', enabled: false })
    expect(afterWithoutDetail({ detail })).toBeNull()
    expect(afterWithoutDetail('x')).toBe('x')
  })

  it('says a notify-only guard only told the team', () => {
    const notified = entry({
      action: 'guard.regression',
      before: null,
      after: { detail: { ...detail, action: 'notify', decision: 'notify' } },
    })
    expect(auditDetail(notified, ['a', 'b'])?.headline).toBe(
      'The guard found a regression of checkout-error in variation b against control a (likelihood ratio 1,000,000 ≥ bound 20); the team was notified.',
    )
  })

  it('names the alert that switched a flag off, its annotations and labels', () => {
    const alert = entry({
      actor: 'alertmanager',
      action: 'flag.alert.disable',
      after: {
        enabled: false,
        detail: {
          alert: {
            status: 'firing',
            labels: { alertname: 'CheckoutErrors', andon_flag: 'new-checkout' },
            annotations: { summary: 'errors above 5 %' },
            startsAt: '2026-11-22T01:05:00Z',
          },
        },
      },
    })
    expect(auditDetail(alert)).toEqual({
      headline:
        'Alertmanager: CheckoutErrors fired (since 2026-11-22 01:05:00 UTC) and switched the flag off.',
      lines: [
        { label: 'summary', value: 'errors above 5 %' },
        { label: 'label alertname', value: 'CheckoutErrors' },
        { label: 'label andon_flag', value: 'new-checkout' },
      ],
    })
  })

  it('leaves entries of people to the diff', () => {
    expect(auditDetail(entry({ actor: 'admin', action: 'flag.config.update' }))).toBeUndefined()
  })
})
