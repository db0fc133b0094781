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

/** Sample variance of the values; never below the variance of a rate that is this mean. */
export function variance(arm: ArmFigures): number {
  if (arm.n < 2) return 0
  const m = arm.sum / arm.n
  return Math.max(0, (arm.sumSquares - arm.sum * m) / (arm.n - 1))
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
 * Tests whether `treatment` is worse than `control` beyond the threshold.
 * @example sequentialTest(control, treatment, { threshold: 0, worseWhen: 'higher', alpha: 0.05 })
 */
export function sequentialTest(
  control: ArmFigures,
  treatment: ArmFigures,
  options: SequentialTestOptions,
): SequentialTestResult {
  const bound = 1 / options.alpha
  const sign = options.worseWhen === 'higher' ? 1 : -1
  const tolerated = 1 + sign * options.threshold
  const mc = mean(control)
  const mt = mean(treatment)
  const excess = sign * (mt - tolerated * mc)
  const v =
    variance(treatment) / treatment.n + (tolerated * tolerated * variance(control)) / control.n
  // The mixture is scaled to the metric's pooled level (symmetric in the two arms), so a
  // control with no events at all can still be judged against a treatment that has some.
  const pooled = (control.sum + treatment.sum) / (control.n + treatment.n)
  const tau = (options.relativeEffectScale ?? 1) * Math.abs(pooled)
  if (!(v > 0) || !(tau > 0) || control.n < 2 || treatment.n < 2) {
    return { excess, likelihoodRatio: 0, bound, regression: false }
  }
  const t2 = tau * tau
  const logRatio =
    Math.log(2) + 0.5 * Math.log(v / (v + t2)) + (excess * excess * t2) / (2 * v * (v + t2))
  const likelihoodRatio = Math.exp(logRatio) * normalCdf((excess * tau) / Math.sqrt(v * (v + t2)))
  return { excess, likelihoodRatio, bound, regression: likelihoodRatio >= bound }
}
