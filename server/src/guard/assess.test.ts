import { describe, expect, it } from 'vitest'
import { assess, type RawFigures } from './assess.js'
import type { GuardSettings } from './guard-model.js'

const guard: GuardSettings = {
  metric: 'errors',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  control: 1,
  action: 'disable',
  alpha: 0.05,
}
const rate = (exposures: number, count: number): RawFigures => ({
  exposures,
  count,
  sum: count,
  sumSquares: count,
})

describe('assess', () => {
  it('compares every other variation with the named control, once both have minSamples', () => {
    const totals = new Map([
      [0, rate(100, 50)],
      [1, rate(2000, 20)],
      [2, rate(2000, 200)],
    ])
    const a = assess(guard, 3, totals)
    expect(a.state).toBe('watching')
    expect(a.comparisons.map((c) => [c.variation, c.regression])).toEqual([
      [0, false],
      [2, true],
    ])
    expect(a.regression?.variation).toBe(2)
    expect(a.variations.map((v) => v.value)).toEqual([0.5, 0.01, 0.1])
  })

  it('waits while control is below minSamples, whatever the treatment shows', () => {
    const a = assess(
      guard,
      2,
      new Map([
        [0, rate(5000, 2500)],
        [1, rate(499, 0)],
      ]),
    )
    expect(a.state).toBe('waiting')
    expect(a.regression).toBeUndefined()
  })

  it('counts a mean by its events, not by exposures', () => {
    const mean: GuardSettings = { ...guard, kind: 'mean', control: 0, minSamples: 2 }
    const totals = new Map([
      [0, { exposures: 1000, count: 2, sum: 10, sumSquares: 52 }],
      [1, { exposures: 1000, count: 1, sum: 9, sumSquares: 81 }],
    ])
    const a = assess(mean, 2, totals)
    expect(a.variations.map((v) => v.value)).toEqual([5, 9])
    expect(a.state).toBe('waiting')
  })
})
