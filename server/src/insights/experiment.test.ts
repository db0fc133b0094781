import { describe, expect, it } from 'vitest'
import { binomialSampler, seededRandom } from '../guard/simulate.js'
import { confidenceSequence } from './confidence-sequence.js'
import { experimentResults } from './experiment.js'

describe('always-valid intervals', () => {
  it('cover the true rate at every look in at least 1 - alpha of experiments', () => {
    const runs = 300
    const p = 0.1
    let everMissed = 0
    let naiveEverMissed = 0
    for (let run = 0; run < runs; run++) {
      const draw = binomialSampler(100, p, seededRandom(run + 1))
      let n = 0
      let events = 0
      let missed = false
      let naiveMissed = false
      for (let look = 0; look < 200; look++) {
        n += 100
        events += draw()
        const mean = events / n
        const variance = (mean * (1 - mean)) / n
        const cs = confidenceSequence(mean, variance, 0.1 * p, 0.05)
        if (p < cs.low || p > cs.high) missed = true
        const z = 1.96 * Math.sqrt(variance)
        if (p < mean - z || p > mean + z) naiveMissed = true
      }
      if (missed) everMissed++
      if (naiveMissed) naiveEverMissed++
    }
    expect(everMissed / runs).toBeLessThanOrEqual(0.05)
    // A fixed-sample 95 % interval looked at 200 times misses far more often.
    expect(naiveEverMissed / runs).toBeGreaterThan(0.2)
  })

  it('narrow as samples grow', () => {
    const width = (n: number) => {
      const cs = confidenceSequence(0.1, (0.1 * 0.9) / n, 0.01, 0.05)
      return cs.high - cs.low
    }
    expect(width(100_000)).toBeLessThan(width(10_000))
    expect(width(10_000)).toBeLessThan(width(1_000))
  })
})

describe('experiment results', () => {
  const input = {
    kind: 'rate' as const,
    control: 0,
    variations: [
      { contexts: 20_000, count: 1000, sum: 1000, sumSquares: 1000 },
      { contexts: 20_000, count: 1200, sum: 1200, sumSquares: 1200 },
    ],
    weights: [50_000, 50_000],
  }

  it('gives each rate, and the lift against control with an interval around it', () => {
    const r = experimentResults(input)
    expect(r.variations.map((v) => v.value)).toEqual([0.05, 0.06])
    expect(r.variations[0]?.lift).toBeNull()
    const treatment = r.variations[1]
    expect(treatment?.lift).toBeCloseTo(0.2, 10)
    expect(treatment?.liftInterval?.low).toBeGreaterThan(0)
    expect(treatment?.liftInterval?.high).toBeGreaterThan(0.2)
    expect(treatment?.interval.low).toBeLessThan(0.06)
    expect(r.sampleRatio?.mismatch).toBe(false)
  })

  it('warns of a split that does not fit the weights', () => {
    const skewed = {
      ...input,
      variations: [input.variations[0]!, { ...input.variations[1]!, contexts: 22_000 }],
    }
    const r = experimentResults(skewed)
    expect(r.sampleRatio?.mismatch).toBe(true)
    expect(r.sampleRatio?.pValue).toBeLessThan(1e-4)
  })

  it('gives the mean of values for a mean metric, and no lift against a control of 0', () => {
    const r = experimentResults({
      kind: 'mean',
      control: 0,
      variations: [
        { contexts: 10, count: 0, sum: 0, sumSquares: 0 },
        { contexts: 10, count: 4, sum: 20, sumSquares: 104 },
      ],
    })
    expect(r.variations[1]?.value).toBe(5)
    expect(r.variations[1]?.lift).toBeNull()
    expect(r.sampleRatio).toBeNull()
  })
})
