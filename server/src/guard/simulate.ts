/**
 * Simulated releases for the guard: two arms whose events arrive in batches of exposures,
 * checked after every batch. Used by the guard's tests and by `npm run bench -- guard`.
 * Deterministic for a seed, so a result can be reproduced.
 */
import { sequentialTest, type ArmFigures, type SequentialTestOptions } from './sequential-test.js'

/** A small linear congruential generator: deterministic and fast. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/**
 * Draws from Binomial(n, p) by inverting its cumulative distribution, one uniform a draw; for
 * a wide distribution (variance above 100, where (1 - p)^n may underflow to 0) from its normal
 * approximation instead, two uniforms a draw (Box-Muller).
 */
export function binomialSampler(n: number, p: number, random: () => number): () => number {
  const variance = n * p * (1 - p)
  if (variance > 100) {
    const sd = Math.sqrt(variance)
    return () => {
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      return Math.min(n, Math.max(0, Math.round(n * p + sd * z)))
    }
  }
  const cdf: number[] = []
  let total = 0
  let pk = Math.pow(1 - p, n)
  for (let k = 0; k <= n; k++) {
    total += pk
    cdf.push(total)
    pk = (((pk * (n - k)) / (k + 1)) * p) / (1 - p)
  }
  return () => {
    const u = random() * total
    let k = 0
    while (cdf[k]! < u) k++
    return k
  }
}

export interface ReleaseSimulation {
  controlRate: number
  treatmentRate: number
  batch: number
  maxPerArm: number
  minSamples: number
  test: SequentialTestOptions
  seed: number
}

export interface ReleaseOutcome {
  /** Exposures per arm when the guard switched the release off, or null if it never did. */
  stoppedAt: number | null
  /** Whether the naive check (treatment > 1.1 × control once 1,000 samples are in) ever fired. */
  naiveFired: boolean
}

/** Runs one release, checking the guard after every batch of exposures per arm. */
export function simulateRelease(sim: ReleaseSimulation): ReleaseOutcome {
  const random = seededRandom(sim.seed)
  const controlEvents = binomialSampler(sim.batch, sim.controlRate, random)
  const treatmentEvents = binomialSampler(sim.batch, sim.treatmentRate, random)
  const control: ArmFigures = { n: 0, sum: 0, sumSquares: 0 }
  const treatment: ArmFigures = { n: 0, sum: 0, sumSquares: 0 }
  let naiveFired = false
  while (treatment.n < sim.maxPerArm) {
    const c = controlEvents()
    const t = treatmentEvents()
    // Each exposure has 0 or 1 event here, so the sum of squares equals the sum.
    control.n += sim.batch
    control.sum += c
    control.sumSquares += c
    treatment.n += sim.batch
    treatment.sum += t
    treatment.sumSquares += t
    if (treatment.n >= 1000 && treatment.sum / treatment.n > 1.1 * (control.sum / control.n)) {
      naiveFired = true
    }
    if (control.n >= sim.minSamples && treatment.n >= sim.minSamples) {
      if (sequentialTest(control, treatment, { ...sim.test, rate: true }).regression) {
        return { stoppedAt: treatment.n, naiveFired }
      }
    }
  }
  return { stoppedAt: null, naiveFired }
}
