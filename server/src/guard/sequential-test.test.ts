import { describe, expect, it } from 'vitest'
import {
  logNormalCdf,
  normalCdf,
  sequentialTest,
  stratifiedTest,
  type ArmFigures,
} from './sequential-test.js'
import { simulateRelease, type ReleaseSimulation } from './simulate.js'

const base: ReleaseSimulation = {
  controlRate: 0.01,
  treatmentRate: 0.01,
  batch: 100,
  maxPerArm: 30_000,
  minSamples: 500,
  test: { threshold: 0, worseWhen: 'higher', alpha: 0.05 },
  seed: 1,
}

function shareStopped(sim: Partial<ReleaseSimulation>, releases: number): number {
  let stopped = 0
  for (let i = 0; i < releases; i++) {
    if (simulateRelease({ ...base, ...sim, seed: 1000 + i }).stoppedAt !== null) stopped++
  }
  return stopped / releases
}

describe('the sequential test', () => {
  it('computes the normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5)
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5)
  })

  it('keeps false alarms at or below alpha when checked after every batch', () => {
    expect(shareStopped({}, 300)).toBeLessThanOrEqual(0.05)
  })

  it('while the naive repeated threshold check fires in most identical releases', () => {
    let fired = 0
    for (let i = 0; i < 300; i++)
      if (simulateRelease({ ...base, seed: 1000 + i }).naiveFired) fired++
    expect(fired / 300).toBeGreaterThan(0.3)
  })

  it('catches a doubled error rate in nearly every release', () => {
    expect(shareStopped({ treatmentRate: 0.02 }, 100)).toBeGreaterThanOrEqual(0.95)
  })

  it('tolerates a regression smaller than the threshold', () => {
    const sim = {
      treatmentRate: 0.0105,
      maxPerArm: 100_000,
      test: { ...base.test, threshold: 0.2 },
    }
    expect(shareStopped(sim, 50)).toBe(0)
  })

  it('looks the other way when lower is worse', () => {
    const control = { n: 10_000, sum: 5000, sumSquares: 5000 }
    const worse = { n: 10_000, sum: 4000, sumSquares: 4000 }
    const options = { threshold: 0, alpha: 0.05 }
    expect(sequentialTest(control, worse, { ...options, worseWhen: 'lower' }).regression).toBe(true)
    expect(sequentialTest(control, worse, { ...options, worseWhen: 'higher' }).regression).toBe(
      false,
    )
  })

  it('decides nothing without data to judge by', () => {
    const empty = { n: 0, sum: 0, sumSquares: 0 }
    const some = { n: 100, sum: 5, sumSquares: 5 }
    expect(sequentialTest(empty, some, { ...base.test }).regression).toBe(false)
    expect(sequentialTest(empty, empty, { ...base.test }).regression).toBe(false)
  })

  it('judges a treatment with errors against a control with none', () => {
    const clean = { n: 20_000, sum: 0, sumSquares: 0 }
    const failing = { n: 20_000, sum: 60, sumSquares: 60 }
    expect(sequentialTest(clean, failing, { ...base.test }).regression).toBe(true)
  })
})

describe('the sequential test on degenerate arms', () => {
  const test = { threshold: 0, worseWhen: 'higher' as const, alpha: 0.05, rate: true }
  const arm = (n: number, events: number) => ({ n, sum: events, sumSquares: events })

  it('trips a variation that always fails against a control that never does, at 20 samples', () => {
    expect(sequentialTest(arm(20, 0), arm(20, 20), test).regression).toBe(true)
    expect(sequentialTest(arm(5000, 0), arm(5000, 5000), test).regression).toBe(true)
  })

  it('does not trip 0 % against 0 %, 100 % against 100 %, or a better treatment', () => {
    expect(sequentialTest(arm(5000, 0), arm(5000, 0), test).regression).toBe(false)
    expect(sequentialTest(arm(5000, 5000), arm(5000, 5000), test).regression).toBe(false)
    expect(sequentialTest(arm(5000, 5000), arm(5000, 0), test).regression).toBe(false)
  })

  it('decides nothing on an empty or a single-sample arm', () => {
    expect(sequentialTest(arm(0, 0), arm(5000, 5000), test).regression).toBe(false)
    expect(sequentialTest(arm(1, 0), arm(1, 1), test).regression).toBe(false)
  })

  it('judges two constant means that differ, and not two that are equal', () => {
    const mean = { ...test, rate: false }
    const constant = (n: number, value: number) => ({
      n,
      sum: n * value,
      sumSquares: n * value * value,
    })
    expect(sequentialTest(constant(100, 200), constant(100, 250), mean).regression).toBe(true)
    expect(sequentialTest(constant(100, 200), constant(100, 200), mean).regression).toBe(false)
    expect(sequentialTest(constant(100, 0), constant(100, 0), mean).regression).toBe(false)
  })

  it('stays finite and right on huge samples, either way round', () => {
    const huge = 1e15
    const worse = sequentialTest(arm(huge, huge * 0.01), arm(huge, huge * 0.02), test)
    expect(worse.regression).toBe(true)
    expect(Number.isFinite(worse.likelihoodRatio)).toBe(true)
    const better = sequentialTest(arm(huge, huge * 0.02), arm(huge, huge * 0.01), test)
    expect(better.regression).toBe(false)
    expect(better.likelihoodRatio).toBeLessThan(1e-6)
    const same = sequentialTest(arm(huge, huge * 0.01), arm(huge, huge * 0.01), test)
    expect(same.regression).toBe(false)
    expect(Number.isFinite(same.likelihoodRatio)).toBe(true)
  })

  it('computes the far lower tail of the normal distribution in logarithms', () => {
    expect(logNormalCdf(-1)).toBeCloseTo(Math.log(normalCdf(-1)), 6)
    // log Φ(-10) = -53.2312852...
    expect(logNormalCdf(-10)).toBeCloseTo(-53.23128515, 4)
    expect(Number.isFinite(logNormalCdf(-1e6))).toBe(true)
  })
})

describe('the test over strata (the steps of a ramp)', () => {
  const options = { threshold: 0, worseWhen: 'higher' as const, alpha: 0.05, rate: true }
  /** Exact expected figures of a rate: `events` of `n` exposures. */
  const arm = (n: number, events: number): ArmFigures => ({ n, sum: events, sumSquares: events })

  it('is the plain test for one stratum', () => {
    const control = arm(5000, 50)
    const treatment = arm(5000, 90)
    expect(stratifiedTest([{ control, treatment }], options)).toEqual(
      sequentialTest(control, treatment, options),
    )
  })

  it("does not blame the arm that had more of its traffic in a worse period (Simpson's paradox)", () => {
    // Step 1: 5 % of the traffic on the new variation while errors are at 1 %; step 2: 50 %
    // while errors are at 3 % for everyone. The variations are alike in each step.
    const strata = [
      { control: arm(95_000, 950), treatment: arm(5000, 50) },
      { control: arm(50_000, 1500), treatment: arm(50_000, 1500) },
    ]
    const pooled = sequentialTest(arm(145_000, 2450), arm(55_000, 1550), options)
    expect(pooled.regression).toBe(true)
    const stratified = stratifiedTest(strata, options)
    expect(stratified.regression).toBe(false)
    expect(stratified.excess).toBeCloseTo(0, 10)
  })

  it('still finds a regression that shows within the steps', () => {
    const strata = [
      { control: arm(95_000, 950), treatment: arm(5000, 100) },
      { control: arm(50_000, 1500), treatment: arm(50_000, 3000) },
    ]
    expect(stratifiedTest(strata, options).regression).toBe(true)
  })

  it('passes over strata too small to judge', () => {
    const strata = [
      { control: arm(1, 0), treatment: arm(0, 0) },
      { control: arm(5000, 50), treatment: arm(5000, 90) },
    ]
    expect(stratifiedTest(strata, options).likelihoodRatio).toBeCloseTo(
      sequentialTest(arm(5000, 50), arm(5000, 90), options).likelihoodRatio,
      6,
    )
  })
})
