/**
 * An always-valid one-sided sequential test of "the treatment is worse than control by more
 * than a relative threshold": a mixture sequential probability ratio test (mSPRT, Johari et al.,
 * "Always Valid Inference", 2017) on the normal approximation of the difference of means,
 * with a half-normal mixture over the regression side only. By Ville's inequality the chance
 * that the statistic ever crosses 1/alpha under no regression is at most alpha, however often
 * it is checked, so the guard may look after every batch of events.
 */

/** What an arm has seen: samples and the sum and sum of squares of their values. */
export interface ArmFigures {
  /** Exposures for a rate, events with a value for a mean. */
  n: number
  sum: number
  sumSquares: number
}

export interface SequentialTestOptions {
  /** Relative change that counts as a regression: 0.1 is 10 % worse than control. */
  threshold: number
  /** 'higher' when a larger value is worse (errors, latency). */
  worseWhen: 'higher' | 'lower'
  alpha: number
  /** The mixture's scale relative to the metric's level: the size of regression it is tuned for (1 = 100 %). */
  relativeEffectScale?: number
  /** Whether the values are 0 or 1 (a rate): an arm's variance is then never taken as 0. */
  rate?: boolean
}

export interface SequentialTestResult {
  /** The estimated excess of the treatment over the tolerated level, in the metric's unit. */
  excess: number
  /** The mixture likelihood ratio; a regression is decided when it reaches 1 / alpha. */
  likelihoodRatio: number
  bound: number
  regression: boolean
}

export function mean(arm: ArmFigures): number {
  return arm.n > 0 ? arm.sum / arm.n : 0
}

/** Sample variance of the values. */
export function variance(arm: ArmFigures): number {
  if (arm.n < 2) return 0
  const m = arm.sum / arm.n
  return Math.max(0, (arm.sumSquares - arm.sum * m) / (arm.n - 1))
}

/** Below this share of the metric's level, a mean's spread is taken as measurement noise. */
const RELATIVE_SPREAD_FLOOR = 1e-6

/**
 * The variance the test uses for an arm. An arm whose values are all alike has a sample
 * variance of 0, and two such arms (a variation that always fails against a control that
 * never does) would make the test divide by zero and decide nothing for ever. A rate's
 * variance is therefore never below that of its rate with half an event added each way (the
 * Jeffreys estimate), and a mean's never below a millionth of the level, squared.
 */
export function armVariance(arm: ArmFigures, rate: boolean, level: number): number {
  const sample = variance(arm)
  if (rate) {
    const p = (arm.sum + 0.5) / (arm.n + 1)
    return Math.max(sample, p * (1 - p))
  }
  return Math.max(sample, (RELATIVE_SPREAD_FLOOR * level) ** 2)
}

/** Standard normal cumulative distribution (Abramowitz-Stegun 7.1.26 on erf, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}

/**
 * The logarithm of the standard normal cumulative distribution, exact enough far into the
 * lower tail, where the distribution itself rounds to 0 (asymptotic series of Mills' ratio).
 */
export function logNormalCdf(z: number): number {
  if (z > -6) return Math.log(normalCdf(z))
  const z2 = z * z
  return -z2 / 2 - Math.log(-z) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / z2 + 3 / (z2 * z2))
}

/**
 * The standardized excess of the treatment over the tolerated level (0 when it can not be
 * judged): how strongly the figures point at a regression, for comparing data sets.
 */
export function zScore(
  control: ArmFigures,
  treatment: ArmFigures,
  options: Pick<SequentialTestOptions, 'threshold' | 'worseWhen' | 'rate'>,
): number {
  if (control.n < 2 || treatment.n < 2) return 0
  const { excess, v } = excessAndVariance(control, treatment, options)
  return v > 0 && Number.isFinite(excess) ? excess / Math.sqrt(v) : 0
}

/**
 * The standardized excess over strata: the precision-weighted excess of the strata that can
 * be judged, over its standard error (0 when none can), for comparing data sets.
 */
export function stratifiedZ(
  strata: readonly Stratum[],
  options: Pick<SequentialTestOptions, 'threshold' | 'worseWhen' | 'rate'>,
): number {
  let weights = 0
  let weighted = 0
  for (const { control, treatment } of strata) {
    if (control.n < 2 || treatment.n < 2) continue
    const { excess, v } = excessAndVariance(control, treatment, options)
    if (!(v > 0) || !Number.isFinite(excess)) continue
    weights += 1 / v
    weighted += excess / v
  }
  return weights > 0 ? weighted / Math.sqrt(weights) : 0
}

/** The treatment's excess over the tolerated level, and the variance of that estimate. */
function excessAndVariance(
  control: ArmFigures,
  treatment: ArmFigures,
  options: Pick<SequentialTestOptions, 'threshold' | 'worseWhen' | 'rate'>,
): { excess: number; v: number } {
  const sign = options.worseWhen === 'higher' ? 1 : -1
  const tolerated = 1 + sign * options.threshold
  const mc = mean(control)
  const mt = mean(treatment)
  const rate = options.rate === true
  const level = Math.max(Math.abs(mc), Math.abs(mt))
  return {
    excess: sign * (mt - tolerated * mc),
    v:
      armVariance(treatment, rate, level) / treatment.n +
      (tolerated * tolerated * armVariance(control, rate, level)) / control.n,
  }
}

/**
 * Tests whether `treatment` is worse than `control` beyond the threshold.
 * @example sequentialTest(control, treatment, { threshold: 0, worseWhen: 'higher', alpha: 0.05 })
 */
export function sequentialTest(
  control: ArmFigures,
  treatment: ArmFigures,
  options: SequentialTestOptions,
): SequentialTestResult {
  return stratifiedTest([{ control, treatment }], options)
}

/** The two arms' figures within one stratum: one period with one split of the traffic. */
export interface Stratum {
  control: ArmFigures
  treatment: ArmFigures
}

/**
 * The same test over strata, such as the steps of a release plan: each step sends another
 * share of the traffic to the treatment, and when the metric's level drifts between steps (an
 * evening peak, a busy day) pooling the figures would blame the arm that had more of its
 * exposures in the worse period (Simpson's paradox). Each stratum's excess is estimated within
 * it, and the estimates are combined weighted by their precision (fixed-effect meta-analysis):
 * a drift of level between strata then moves neither arm against the other. One stratum is
 * the plain test.
 */
export function stratifiedTest(
  strata: readonly Stratum[],
  options: SequentialTestOptions,
): SequentialTestResult {
  const bound = 1 / options.alpha
  let weights = 0
  let weightedExcess = 0
  let sum = 0
  let n = 0
  let judged = 0
  for (const { control, treatment } of strata) {
    if (control.n < 2 || treatment.n < 2) continue
    const s = excessAndVariance(control, treatment, options)
    if (!(s.v > 0) || !Number.isFinite(s.excess)) continue
    sum += control.sum + treatment.sum
    n += control.n + treatment.n
    weights += 1 / s.v
    weightedExcess += s.excess / s.v
    judged++
  }
  if (judged === 0) {
    const only = strata.length === 1 ? strata[0] : undefined
    const excess =
      only === undefined ? 0 : excessAndVariance(only.control, only.treatment, options).excess
    return { excess, likelihoodRatio: 0, bound, regression: false }
  }
  const excess = weightedExcess / weights
  const v = 1 / weights
  // The mixture is scaled to the metric's pooled level (symmetric in the two arms), so a
  // control with no events at all can still be judged against a treatment that has some.
  const pooled = sum / n
  const tau = (options.relativeEffectScale ?? 1) * Math.abs(pooled)
  if (!(v > 0) || !(tau > 0) || !Number.isFinite(excess)) {
    return { excess, likelihoodRatio: 0, bound, regression: false }
  }
  const t2 = tau * tau
  // In logarithms: the two factors of the ratio can each leave a double's range (a huge
  // sample) while their product does not.
  const logRatio =
    Math.log(2) +
    0.5 * Math.log(v / (v + t2)) +
    (excess * excess * t2) / (2 * v * (v + t2)) +
    logNormalCdf((excess * tau) / Math.sqrt(v * (v + t2)))
  const likelihoodRatio = Math.min(Math.exp(logRatio), Number.MAX_VALUE)
  return { excess, likelihoodRatio, bound, regression: logRatio >= Math.log(bound) }
}
