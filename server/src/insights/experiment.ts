/**
 * An experiment's results for one tracked metric: per variation the contexts, the rate (events
 * per context) or the mean (of the events' values), each with an always-valid interval; the
 * lift of each variation against control, with its interval; and whether the split of
 * contexts fits the weights the rollout set (a sample-ratio mismatch means the assignment is
 * broken and no comparison can be trusted).
 */
import { goodnessOfFit, type GoodnessOfFit } from './chi-square.js'
import { confidenceSequence, type Interval } from './confidence-sequence.js'

export interface ArmTotals {
  /** Contexts exposed to the variation. */
  contexts: number
  /** Events of the metric, their sum and sum of squares (a rate's events have value 1). */
  count: number
  sum: number
  sumSquares: number
}

export interface ExperimentInput {
  kind: 'rate' | 'mean'
  control: number
  /** By variation index. */
  variations: readonly ArmTotals[]
  /** The rollout's weights by variation index, for the sample-ratio check. */
  weights?: readonly number[]
  alpha?: number
  /** The relative effect the intervals are tuned for: narrowest around effects of this size. */
  effectScale?: number
}

export interface VariationResult {
  variation: number
  contexts: number
  /** The rate or mean. */
  value: number
  interval: Interval
  /** (value - control) / control; null for control and when control's value is 0. */
  lift: number | null
  liftInterval: Interval | null
}

export interface ExperimentResult {
  variations: VariationResult[]
  sampleRatio: (GoodnessOfFit & { mismatch: boolean }) | null
}

/** A sample-ratio mismatch at this p-value or below: strict, since the page is watched live. */
export const SAMPLE_RATIO_P_VALUE = 1e-4

interface Estimate {
  n: number
  mean: number
  /** The variance of the mean. */
  variance: number
}

function estimate(kind: ExperimentInput['kind'], arm: ArmTotals): Estimate {
  if (kind === 'rate') {
    const n = arm.contexts
    const mean = n > 0 ? arm.count / n : 0
    // Jeffreys: never a variance of 0, even for 0 or every context with an event.
    const p = Math.min(1, (arm.count + 0.5) / (n + 1))
    return { n, mean, variance: n > 0 ? (p * (1 - p)) / n : Number.POSITIVE_INFINITY }
  }
  const n = arm.count
  const mean = n > 0 ? arm.sum / n : 0
  const sample = n > 1 ? Math.max(0, (arm.sumSquares - arm.sum * mean) / (n - 1)) : 0
  return { n, mean, variance: n > 1 ? sample / n : Number.POSITIVE_INFINITY }
}

export function experimentResults(input: ExperimentInput): ExperimentResult {
  const alpha = input.alpha ?? 0.05
  const scale = input.effectScale ?? 0.1
  const estimates = input.variations.map((arm) => estimate(input.kind, arm))
  const totalN = estimates.reduce((s, e) => s + e.n, 0)
  const level = totalN > 0 ? estimates.reduce((s, e) => s + e.mean * e.n, 0) / totalN : 0
  const control = estimates[input.control]
  const variations = estimates.map((e, variation): VariationResult => {
    const interval = confidenceSequence(e.mean, e.variance, scale * Math.abs(level), alpha)
    if (variation === input.control || control === undefined || control.mean === 0) {
      return {
        variation,
        contexts: input.variations[variation]?.contexts ?? 0,
        value: e.mean,
        interval,
        lift: null,
        liftInterval: null,
      }
    }
    const ratio = e.mean / control.mean
    const lift = ratio - 1
    // The delta method for a ratio of independent means.
    const liftVariance =
      (e.variance + ratio * ratio * control.variance) / (control.mean * control.mean)
    return {
      variation,
      contexts: input.variations[variation]?.contexts ?? 0,
      value: e.mean,
      interval,
      lift,
      liftInterval: confidenceSequence(lift, liftVariance, scale, alpha),
    }
  })
  const weights = input.weights
  let sampleRatio: ExperimentResult['sampleRatio'] = null
  if (weights !== undefined && weights.filter((w) => w > 0).length >= 2) {
    const fit = goodnessOfFit(
      input.variations.map((v) => v.contexts),
      input.variations.map((_, i) => weights[i] ?? 0),
    )
    sampleRatio = { ...fit, mismatch: fit.pValue <= SAMPLE_RATIO_P_VALUE }
  }
  return { variations, sampleRatio }
}
