/**
 * The guard's judgement of one window, a pure function shared by the decision (after every
 * event batch) and the admin API's figures: each variation's figures, and each non-control
 * variation tested against control with the always-valid sequential test once both have at
 * least `minSamples`. For a rate each exposure has 0 or 1 event, so the events are both the
 * sum and the sum of squares.
 */
import { sequentialTest, type ArmFigures } from './sequential-test.js'
import type { Comparison, GuardSettings, GuardState, VariationFigures } from './guard-model.js'

/** A variation's raw totals within the window. */
export interface RawFigures {
  exposures: number
  count: number
  sum: number
  sumSquares: number
}

export interface Assessment {
  state: Exclude<GuardState, 'tripped'>
  variations: VariationFigures[]
  comparisons: Comparison[]
  /** The first comparison that found a regression, if any. */
  regression: Comparison | undefined
}

const EMPTY: RawFigures = { exposures: 0, count: 0, sum: 0, sumSquares: 0 }

export function armOf(guard: Pick<GuardSettings, 'kind'>, f: RawFigures): ArmFigures {
  return guard.kind === 'rate'
    ? { n: f.exposures, sum: f.count, sumSquares: f.count }
    : { n: f.count, sum: f.sum, sumSquares: f.sumSquares }
}

function figuresOf(guard: GuardSettings, variation: number, f: RawFigures): VariationFigures {
  const arm = armOf(guard, f)
  return { variation, ...f, value: arm.n > 0 ? arm.sum / arm.n : 0 }
}

/** Judges a window: `totals` maps a variation index to its totals (missing ones saw nothing). */
export function assess(
  guard: GuardSettings,
  variationCount: number,
  totals: ReadonlyMap<number, RawFigures>,
): Assessment {
  const variations: VariationFigures[] = []
  for (let v = 0; v < variationCount; v++) {
    variations.push(figuresOf(guard, v, totals.get(v) ?? EMPTY))
  }
  const control = armOf(guard, totals.get(guard.control) ?? EMPTY)
  const options = {
    threshold: guard.threshold,
    worseWhen: guard.worseWhen,
    alpha: guard.alpha,
    rate: guard.kind === 'rate',
  }
  let compared = false
  const comparisons: Comparison[] = []
  for (let v = 0; v < variationCount; v++) {
    if (v === guard.control) continue
    const treatment = armOf(guard, totals.get(v) ?? EMPTY)
    const eligible = control.n >= guard.minSamples && treatment.n >= guard.minSamples
    compared ||= eligible
    const result = sequentialTest(control, treatment, options)
    comparisons.push({
      variation: v,
      excess: result.excess,
      likelihoodRatio: result.likelihoodRatio,
      bound: result.bound,
      regression: eligible && result.regression,
    })
  }
  return {
    state: compared ? 'watching' : 'waiting',
    variations,
    comparisons,
    regression: comparisons.find((c) => c.regression),
  }
}
