import { describe, expect, it } from 'vitest'
import { assessStrata, type RawFigures, type Strata } from './assess.js'
import type { GuardSettings } from './guard-model.js'
import { candidateSources, leaveOneOut, trustedTotals, type Totals } from './leave-one-out.js'

const guard: GuardSettings = {
  metric: 'errors',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  control: 0,
  action: 'disable',
  alpha: 0.05,
}
const rate = (exposures: number, count: number): RawFigures => ({
  exposures,
  count,
  sum: 0,
  sumSquares: 0,
})
const arms = (control: RawFigures, treatment: RawFigures): Totals =>
  new Map([
    [0, control],
    [1, treatment],
  ])

/** Figures of one stratum. */
const one = (t: Totals): Strata => new Map([[0, t]])
const perSource = (sources: Map<string, Totals>) =>
  new Map([...sources].map(([source, t]) => [source, one(t)]))

function add(a: Totals, b: Totals): Totals {
  const out = new Map(a)
  b.forEach((f, v) => {
    const t = out.get(v) ?? rate(0, 0)
    out.set(v, rate(t.exposures + f.exposures, t.count + f.count))
  })
  return out
}

/** 100 honest sources of 30 contexts per arm with 1 % errors in control and `treatment` errors each. */
function honest(treatmentErrors: (i: number) => number): Map<string, Totals> {
  const sources = new Map<string, Totals>()
  for (let i = 0; i < 100; i++) {
    sources.set(`10.0.0.${i}`, arms(rate(30, i % 3 === 0 ? 1 : 0), rate(30, treatmentErrors(i))))
  }
  return sources
}

function decide(sources: Map<string, Totals>) {
  let totals: Totals = new Map()
  for (const t of sources.values()) totals = add(totals, t)
  const trusted = leaveOneOut(guard, one(totals), candidateSources(perSource(sources)))
  return {
    ...trusted,
    regression: assessStrata(guard, 2, trusted.totals).regression !== undefined,
  }
}

describe('leaving one source out', () => {
  it('leaves out a lone source entirely, so it decides nothing', () => {
    const forged = new Map([['10.9.9.9', arms(rate(1000, 30), rate(1000, 400))]])
    const d = decide(forged)
    expect(d.leftOut).toEqual({ source: '10.9.9.9', exposures: 2000, count: 430 })
    expect(d.regression).toBe(false)
  })

  it('leaves out a small source whose errors alone would make an A/A release look bad', () => {
    const sources = honest((i) => (i % 3 === 1 ? 1 : 0))
    expect(decide(sources).regression).toBe(false)
    sources.set('10.9.9.9', arms(rate(30, 0), rate(30, 30)))
    const d = decide(sources)
    expect(d.leftOut?.source).toBe('10.9.9.9')
    expect(d.regression).toBe(false)
  })

  it('leaves out a forged control arm, so a real regression still trips', () => {
    const sources = honest((i) => (i % 20 < 3 ? 2 : 1))
    expect(decide(sources).regression).toBe(true)
    sources.set('10.9.9.9', arms(rate(1_000_000, 500_000), rate(0, 0)))
    const d = decide(sources)
    expect(d.leftOut?.source).toBe('10.9.9.9')
    expect(d.regression).toBe(true)
  })

  it('leaves out one honest source when no source stands out, which changes little', () => {
    const sources = honest((i) => (i % 20 < 3 ? 2 : 1))
    const d = decide(sources)
    expect(d.leftOut?.exposures).toBe(60)
    expect(d.regression).toBe(true)
  })

  it('keeps everything when there is no client source (server keys only)', () => {
    const totals = one(arms(rate(1000, 3), rate(1000, 100)))
    const d = leaveOneOut(guard, totals, new Map())
    expect(d.leftOut).toBeNull()
    expect(d.totals).toBe(totals)
  })

  it('picks candidates by exposures, events and sums of squares', () => {
    const sources = new Map<string, Totals>([
      ['many-exposures', arms(rate(10_000, 0), rate(0, 0))],
      ['many-events', arms(rate(10, 10), rate(0, 0))],
      ['huge-values', arms({ exposures: 1, count: 1, sum: 1e9, sumSquares: 1e18 }, rate(0, 0))],
      ...Array.from({ length: 20 }, (_, i): [string, Totals] => [
        `s${i}`,
        arms(rate(5, 0), rate(5, 0)),
      ]),
    ])
    const picked = [...candidateSources(perSource(sources)).keys()]
    expect(picked).toEqual(expect.arrayContaining(['many-exposures', 'many-events', 'huge-values']))
    expect(picked.length).toBeLessThanOrEqual(9)
  })
})

describe('the totals a guard decides on', () => {
  const totalsOf = (sources: Map<string, Totals>) => {
    let totals: Totals = new Map()
    for (const t of sources.values()) totals = add(totals, t)
    return totals
  }

  it('judges a window with an outlier forger exactly as the honest window alone', () => {
    // Honest sources, one of them with more treatment errors than the rest: the one an honest
    // window leaves out.
    const sources = honest((i) => (i === 7 ? 6 : i % 4 === 0 ? 1 : 0))
    const alone = trustedTotals(guard, one(totalsOf(sources)), perSource(sources))
    expect(alone.leftOut?.source).toBe('10.0.0.7')
    expect(alone.alsoLeftOut).toBeNull()

    const attacked = new Map(sources)
    attacked.set('10.9.9.9', arms(rate(1_000_000, 0), rate(1_000_000, 1_000_000)))
    const judged = trustedTotals(guard, one(totalsOf(attacked)), perSource(attacked))
    expect(judged.leftOut?.source).toBe('10.9.9.9')
    expect(judged.alsoLeftOut?.source).toBe('10.0.0.7')
    expect(judged.totals).toEqual(alone.totals)
  })

  it('leaves out only one source when none is an outlier', () => {
    const sources = honest((i) => (i % 5 === 0 ? 1 : 0))
    const judged = trustedTotals(guard, one(totalsOf(sources)), perSource(sources))
    expect(judged.leftOut).not.toBeNull()
    expect(judged.alsoLeftOut).toBeNull()
  })
})
