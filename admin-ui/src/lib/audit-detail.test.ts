import { describe, expect, it } from 'vitest'
import type { AuditEntry } from './andon-api.js'
import { afterWithoutDetail, auditDetail, flatLines } from './audit-detail.js'

const entry = (over: Partial<AuditEntry> & { detail?: unknown }): AuditEntry => ({
  id: 1,
  at: Date.UTC(2026, 10, 22, 1, 7),
  actor: 'guard',
  action: 'guard.tripped',
  targetKind: 'flag',
  targetKey: 'new-checkout',
  environment: 'production',
  before: { enabled: true },
  after: { enabled: false },
  ...over,
})

describe('auditDetail', () => {
  it('tells what a tripped guard found, with both variations’ figures', () => {
    const detail = auditDetail(
      entry({
        detail: {
          metric: 'checkout-error',
          kind: 'rate',
          control: 0,
          variation: 1,
          figures: [
            { variation: 0, exposures: 3000, count: 30, value: 0.01 },
            { variation: 1, exposures: 3000, count: 66, value: 0.022 },
          ],
          likelihoodRatio: 48.123,
          bound: 20,
          decision: 'disable',
        },
      }),
    )
    expect(detail?.headline).toBe(
      'The guard found a regression of checkout-error in variation 1 against control 0 (likelihood ratio 48.12 ≥ bound 20) and switched the flag off.',
    )
    expect(detail?.lines).toEqual([
      { label: 'Variation 0 (control)', value: '3000 exposures, 30 events, value 0.01' },
      { label: 'Variation 1', value: '3000 exposures, 66 events, value 0.022' },
      { label: 'kind', value: 'rate' },
      { label: 'decision', value: 'disable' },
    ])
  })

  it('reads the decision as the server’s webhook shapes it: control and treatment figures', () => {
    const detail = auditDetail(
      entry({
        detail: {
          flag: 'new-checkout',
          metric: 'checkout-error',
          kind: 'rate',
          action: 'disable',
          disabled: true,
          control: {
            variation: 0,
            exposures: 2500,
            count: 25,
            sum: 25,
            sumSquares: 25,
            value: 0.01,
          },
          treatment: {
            variation: 1,
            exposures: 2400,
            count: 60,
            sum: 60,
            sumSquares: 60,
            value: 0.025,
          },
          comparison: {
            variation: 1,
            excess: 0.015,
            likelihoodRatio: 20.5,
            bound: 20,
            regression: true,
          },
          threshold: 0,
          alpha: 0.05,
        },
      }),
    )
    expect(detail?.headline).toBe(
      'The guard found a regression of checkout-error in variation 1 against control 0 (likelihood ratio 20.5 ≥ bound 20) and switched the flag off.',
    )
    expect(detail?.lines).toEqual([
      { label: 'Control: variation 0', value: '2500 exposures, 25 events, value 0.01' },
      { label: 'Treatment: variation 1', value: '2400 exposures, 60 events, value 0.025' },
      { label: 'kind', value: 'rate' },
      { label: 'threshold', value: '0' },
      { label: 'alpha', value: '0.05' },
      { label: 'excess', value: '0.015' },
      { label: 'action', value: 'disable' },
    ])
  })

  it('finds the detail inside `after`, and says a notify-only guard only told the team', () => {
    const detail = auditDetail(
      entry({
        action: 'guard.regression',
        after: { detail: { metric: 'latency', comparison: { likelihoodRatio: 21, bound: 20 } } },
      }),
    )
    expect(detail?.headline).toBe(
      'The guard found a regression of latency (likelihood ratio 21 ≥ bound 20); the team was notified.',
    )
    // Without figures it shows every field it has.
    expect(detail?.lines).toContainEqual({ label: 'comparison.likelihoodRatio', value: '21' })
  })

  it('names the alert that switched a flag off, its annotations and labels', () => {
    const detail = auditDetail(
      entry({
        actor: 'alertmanager',
        action: 'flag.update',
        detail: {
          alert: {
            status: 'firing',
            labels: { alertname: 'CheckoutErrors', andon_flag: 'new-checkout' },
            annotations: { summary: 'errors above 5 %' },
            startsAt: '2026-11-22T01:05:00Z',
          },
        },
      }),
    )
    expect(detail).toEqual({
      headline:
        'Alertmanager: CheckoutErrors fired (since 2026-11-22 01:05:00 UTC) and switched the flag off.',
      lines: [
        { label: 'summary', value: 'errors above 5 %' },
        { label: 'label alertname', value: 'CheckoutErrors' },
        { label: 'label andon_flag', value: 'new-checkout' },
      ],
    })
  })

  it('leaves entries of people and entries without detail to the diff', () => {
    expect(auditDetail(entry({ actor: 'admin', detail: { metric: 'x' } }))).toBeUndefined()
    expect(auditDetail(entry({}))).toBeUndefined()
  })
})

describe('the server’s entries', () => {
  const figures = (variation: number, exposures: number, count: number) => ({
    variation,
    exposures,
    count,
    sum: count,
    sumSquares: count,
    value: count / exposures,
  })
  const detail = {
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

  it('reads a trip from the flag written in `after` with its detail', () => {
    const tripped = entry({ after: { key: 'new-checkout', enabled: false, detail } })
    expect(auditDetail(tripped)).toEqual({
      headline:
        'The guard found a regression of checkout-error in variation 1 against control 0 (likelihood ratio 1,000,000 ≥ bound 20) and switched the flag off.',
      lines: [
        { label: 'Variation 0 (control)', value: '800 exposures, 8 events, value 0.01' },
        { label: 'Variation 1', value: '800 exposures, 80 events, value 0.1' },
        { label: 'kind', value: 'rate' },
        { label: 'threshold', value: '0' },
        { label: 'alpha', value: '0.05' },
        { label: 'excess', value: '0.09' },
        { label: 'action', value: 'disable' },
        { label: 'decision', value: 'disable' },
      ],
    })
    // The diff then shows what changed in the flag, not the evidence again.
    expect(afterWithoutDetail(tripped.after)).toEqual({ key: 'new-checkout', enabled: false })
    expect(afterWithoutDetail({ detail })).toBeNull()
    expect(afterWithoutDetail('x')).toBe('x')
  })

  it('reads a notify-only regression and an alert that switched a flag off', () => {
    const notified = entry({
      action: 'guard.regression',
      before: null,
      after: { detail: { ...detail, action: 'notify', decision: 'notify' } },
    })
    expect(auditDetail(notified)?.headline).toMatch(/; the team was notified\.$/)
    const alert = entry({
      actor: 'alertmanager',
      action: 'flag.alert.disable',
      after: {
        enabled: false,
        detail: {
          alert: {
            status: 'firing',
            labels: { alertname: 'HighErrors' },
            annotations: {},
            startsAt: null,
          },
        },
      },
    })
    expect(auditDetail(alert)).toEqual({
      headline: 'Alertmanager: HighErrors fired and switched the flag off.',
      lines: [{ label: 'label alertname', value: 'HighErrors' }],
    })
  })
})

describe('flatLines', () => {
  it('names every leaf by its path', () => {
    expect(flatLines({ a: { b: 1.23456 }, c: ['x'] })).toEqual([
      { label: 'a.b', value: '1.235' },
      { label: 'c[0]', value: 'x' },
    ])
  })
})
