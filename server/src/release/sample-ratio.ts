/**
 * Sample-ratio mismatch: are the exposures of the two arms what the step's split says they
 * should be? A chi-square goodness-of-fit test with one degree of freedom; a tiny p-value
 * means assignment is broken (a cache serving stale values, a bot on one arm, a crash that
 * loses one arm's events), and then no comparison of the arms can be trusted.
 */

/**
 * p below this is a mismatch. Strict, because the test runs after every batch for hours (the
 * usual 0.0005 of a one-off check stopped 2 % of good simulated ramps), and a broken
 * assignment is far past it within a few hundred exposures (5 % expected, 10 % seen, in
 * 1,000: p ≈ 1e-12).
 */
export const SRM_P_VALUE = 1e-6

/** Fewer exposures than this in all tell too little to judge the split. */
export const SRM_MIN_EXPOSURES = 200

/** erfc for x ≥ 0, to about 1e-7 (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x)
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  return t * Math.exp(poly)
}

export interface SampleRatio {
  /** The chi-square statistic of the observed split against the expected one. */
  chiSquare: number
  pValue: number
  mismatch: boolean
}

/**
 * `released` and `others` are the exposures of the released variation and of the rest;
 * `share` the fraction of contexts the step sends to the released variation (0 < share < 1).
 */
export function sampleRatio(released: number, others: number, share: number): SampleRatio {
  const total = released + others
  if (total < SRM_MIN_EXPOSURES || share <= 0 || share >= 1) {
    return { chiSquare: 0, pValue: 1, mismatch: false }
  }
  const expected = [total * share, total * (1 - share)]
  const observed = [released, others]
  let chiSquare = 0
  for (let i = 0; i < 2; i++) {
    const e = expected[i] as number
    chiSquare += ((observed[i] as number) - e) ** 2 / e
  }
  // With one degree of freedom, P(X > x) = erfc(sqrt(x / 2)).
  const pValue = erfc(Math.sqrt(chiSquare / 2))
  return { chiSquare, pValue, mismatch: pValue < SRM_P_VALUE }
}
