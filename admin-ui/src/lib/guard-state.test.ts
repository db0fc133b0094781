import { describe, expect, it } from 'vitest'
import type { GuardStatus } from './guard-model.js'
import { evidenceText, excessText, guardSentence, stateLabel } from './guard-state.js'

const variations = [false, true]

const base: GuardStatus = {
  metric: 'checkout-error',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0.1,
  minSamples: 500,
  control: 0,
  action: 'disable',
  alpha: 0.05,
  state: 'watching',
  since: Date.UTC(2026, 10, 22, 1, 0),
  trippedAt: null,
  sources: { clientSources: 0, serverKeys: true, leftOut: null },
  variations: [
    { variation: 0, exposures: 1200, count: 12, sum: 12, sumSquares: 12, value: 0.01 },
    { variation: 1, exposures: 300, count: 9, sum: 9, sumSquares: 9, value: 0.03 },
  ],
  comparisons: [],
  series: [],
}

describe('stateLabel', () => {
  it('says how many samples a waiting guard still lacks, in its unit', () => {
    const label = stateLabel({ ...base, state: 'waiting' }, variations)
    expect(label.label).toBe('Waiting')
    expect(label.detail).toBe(
      'Needs 500 exposures in every variation before deciding; the fewest so far: 300.',
    )
    expect(stateLabel({ ...base, kind: 'mean', state: 'waiting' }, variations).detail).toContain(
      '500 events in every variation before deciding; the fewest so far: 9.',
    )
  })

  it('names the control a watching guard compares against and since when', () => {
    expect(stateLabel(base, variations)).toEqual({
      label: 'Watching',
      tone: 'watching',
      detail: 'Comparing every batch against variation false since 2026-11-22 01:00:00 UTC.',
    })
  })

  it('tells a guard that switched the flag off from one that only notified', () => {
    const trippedAt = Date.UTC(2026, 10, 22, 1, 7, 30)
    expect(stateLabel({ ...base, state: 'tripped', trippedAt }, variations)).toMatchObject({
      label: 'Tripped',
      tone: 'tripped',
      detail: 'A regression was found at 2026-11-22 01:07:30 UTC: the guard switched the flag off.',
    })
    expect(
      stateLabel({ ...base, state: 'tripped', trippedAt, action: 'notify' }, variations).tone,
    ).toBe('notified')
  })
})

describe('excessText and evidenceText', () => {
  it('signs the excess in the metric’s unit', () => {
    expect(excessText(base, 0.0089)).toBe('+0.89 %')
    expect(excessText({ kind: 'mean' }, -12)).toBe('−12')
  })

  it('shows the likelihood ratio against its bound', () => {
    const c = { variation: 1, excess: 0.01, likelihoodRatio: 5, bound: 20, regression: false }
    expect(evidenceText(c)).toBe('5.00 of 20 (25 %)')
    expect(evidenceText({ ...c, likelihoodRatio: 0.031 })).toBe('0.031 of 20 (0 %)')
    expect(evidenceText({ ...c, likelihoodRatio: 431.2, regression: true })).toBe(
      '431 ≥ 20: regression',
    )
    expect(evidenceText({ ...c, likelihoodRatio: 1700974.4, regression: true })).toBe(
      '1,700,974 ≥ 20: regression',
    )
  })
})

describe('guardSentence', () => {
  it('says what the guard watches and does in one sentence', () => {
    expect(guardSentence(base, variations)).toBe(
      'When the rate of checkout-error is more than 10 % higher than in variation false, after 500 exposures per variation: switch the flag off. False-alarm rate (alpha): 0.05.',
    )
    expect(
      guardSentence(
        {
          ...base,
          kind: 'mean',
          worseWhen: 'lower',
          action: 'notify',
          minSamples: 2000,
        },
        variations,
      ),
    ).toBe(
      'When the mean checkout-error is more than 10 % lower than in variation false, after 2,000 events per variation: notify the team. False-alarm rate (alpha): 0.05.',
    )
  })
})
