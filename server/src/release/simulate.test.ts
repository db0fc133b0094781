import { describe, expect, it } from 'vitest'
import { releasePlanBody } from './plan-schema.js'
import { simulateRamp, type RampSimulation } from './simulate.js'

const plan = releasePlanBody.parse({
  variation: 1,
  steps: [
    { percent: 5, holdSeconds: 20 * 60 },
    { percent: 25, holdSeconds: 30 * 60 },
    { percent: 50, holdSeconds: 30 * 60 },
    { percent: 100, holdSeconds: 5 * 60 },
  ],
})

const base: Omit<RampSimulation, 'seed'> = {
  plan,
  contextsPerMinute: 2000,
  controlRate: () => 0.01,
  releasedRate: () => 0.01,
  minSamples: 500,
  alpha: 0.05,
  horizonMinutes: 6 * 60,
}

const RUNS = 150

function share(sim: Omit<RampSimulation, 'seed'>, ends: (end: string) => boolean, seed0: number) {
  let n = 0
  for (let i = 0; i < RUNS; i++) if (ends(simulateRamp({ ...sim, seed: seed0 + i }).end)) n++
  return n / RUNS
}

describe('a simulated ramp under a plan', () => {
  it('brings a good release to 100 %', () => {
    expect(share(base, (e) => e === 'completed', 1)).toBeGreaterThanOrEqual(0.95)
  })

  it('stops a bad release before 100 %, with little exposure', () => {
    const bad = { ...base, releasedRate: (step: number) => (step >= 1 ? 0.02 : 0.01) }
    expect(share(bad, (e) => e === 'regression', 10_000)).toBeGreaterThanOrEqual(0.97)
  })

  it('compares fairly while the level drifts as the ramp grows: one stratum a step', () => {
    // The same error rate in both arms within every step, rising from 1 % to 2.5 %: an A/A
    // release. Pooled, the released arm has most of its exposures in the later, worse steps.
    const drift = (step: number) => 0.01 + step * 0.005
    const aa = { ...base, controlRate: drift, releasedRate: drift }
    expect(share(aa, (e) => e === 'regression', 20_000)).toBeLessThanOrEqual(0.05)
    expect(share({ ...aa, pooled: true }, (e) => e === 'regression', 20_000)).toBeGreaterThan(0.5)
  })
})
