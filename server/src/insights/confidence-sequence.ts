/**
 * Always-valid confidence intervals (confidence sequences): an interval that covers the true
 * value at every moment with probability at least 1 - alpha, however often it is looked at,
 * so an experiment's figures may be watched live and stopped at any time. The normal-mixture
 * boundary of Robbins (1970), as in Johari et al. (2017) and Howard et al. (2021): for an
 * estimate with variance V and a mixture of scale tau, the half-width is
 * sqrt(V (V + tau^2) / tau^2 * (ln((V + tau^2) / V) + 2 ln(1 / alpha))).
 */

export interface Interval {
  low: number
  high: number
}

export function confidenceSequence(
  estimate: number,
  variance: number,
  tau: number,
  alpha: number,
): Interval {
  if (!(variance > 0) || !(tau > 0) || !Number.isFinite(estimate)) {
    return { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY }
  }
  const t2 = tau * tau
  const half = Math.sqrt(
    ((variance * (variance + t2)) / t2) *
      (Math.log((variance + t2) / variance) + 2 * Math.log(1 / alpha)),
  )
  return { low: estimate - half, high: estimate + half }
}
