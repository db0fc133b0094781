/**
 * The guard's judgement of one window, a pure function shared by the decision (after every
 * event batch) and the admin API's figures: each variation's figures, and each non-control
 * variation tested against control with the always-valid sequential test once both have at
 * least `minSamples`. For a rate each exposure has 0 or 1 event, so the events are both the
 * sum and the sum of squares.
 */
import { stratifiedTest, type ArmFigures } from './sequential-test.js'
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

/** A variation's figures by variation index. */
export type Totals = ReadonlyMap<number, RawFigures>

/**
 * Figures per stratum (the split of traffic they were gathered under, such as a step of a
 * ramp), each by variation: arms are compared within each stratum (sequential-test.ts).
 */
export type Strata = ReadonlyMap<number, Totals>

/** All strata's figures added up per variation. */
export function pooled(strata: Strata): Map<number, RawFigures> {
  const out = new Map<number, RawFigures>()
  strata.forEach((totals) =>
    totals.forEach((f, v) => {
      const t = out.get(v) ?? EMPTY
      out.set(v, {
        exposures: t.exposures + f.exposures,
        count: t.count + f.count,
        sum: t.sum + f.sum,
        sumSquares: t.sumSquares + f.sumSquares,
      })
    }),
  )
  return out
}

/** Judges a window of one stratum: `totals` maps a variation to its totals. */
export function assess(guard: GuardSettings, variationCount: number, totals: Totals): Assessment {
  return assessStrata(guard, variationCount, new Map([[0, totals]]))
}

/**
 * Judges a window whose figures were gathered under several splits of traffic: each variation
 * shows its figures over all strata, and is compared with control within each stratum.
 */
export function assessStrata(
  guard: GuardSettings,
  variationCount: number,
  strata: Strata,
): Assessment {
  const totals = pooled(strata)
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
    const arms = [...strata.values()].map((t) => ({
      control: armOf(guard, t.get(guard.control) ?? EMPTY),
      treatment: armOf(guard, t.get(v) ?? EMPTY),
    }))
    const result = stratifiedTest(arms, options)
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
