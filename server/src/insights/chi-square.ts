/**
 * The chi-square test of goodness of fit: the observed counts of k categories against the
 * shares they should have, and the upper tail of the chi-square distribution with k - 1
 * degrees of freedom (the regularized upper incomplete gamma function, Q(k/2, x/2), by its
 * series below a + 1 and its continued fraction above, as in Numerical Recipes' gammq).
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let sum = c[0] as number
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

const EPSILON = 1e-14
const MAX_ITERATIONS = 1000

/** Q(a, x): the regularized upper incomplete gamma function. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a))
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break
    }
    return Math.max(0, 1 - front * sum)
  }
  // Lentz's method for the continued fraction.
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPSILON) break
  }
  return front * h
}

/** P(X > x) for X chi-square with `df` degrees of freedom. */
export function chiSquareUpperTail(x: number, df: number): number {
  return gammaQ(df / 2, x / 2)
}

export interface GoodnessOfFit {
  chiSquare: number
  degreesOfFreedom: number
  pValue: number
}

/** Observed counts against expected shares (any positive scale, such as weights of 100,000). */
export function goodnessOfFit(
  observed: readonly number[],
  shares: readonly number[],
): GoodnessOfFit {
  const total = observed.reduce((a, b) => a + b, 0)
  const shareTotal = shares.reduce((a, b) => a + b, 0)
  let chiSquare = 0
  let categories = 0
  observed.forEach((o, i) => {
    const expected = (total * (shares[i] ?? 0)) / shareTotal
    if (expected <= 0) return
    chiSquare += (o - expected) ** 2 / expected
    categories++
  })
  const degreesOfFreedom = Math.max(1, categories - 1)
  return {
    chiSquare,
    degreesOfFreedom,
    pValue: total === 0 ? 1 : chiSquareUpperTail(chiSquare, degreesOfFreedom),
  }
}
