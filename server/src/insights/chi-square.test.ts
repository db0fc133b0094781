import { describe, expect, it } from 'vitest'
import { chiSquareUpperTail, goodnessOfFit } from './chi-square.js'

describe('the chi-square distribution', () => {
  // Critical values from published tables (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
  it.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [10.828, 1, 0.001],
    [5.991, 2, 0.05],
    [7.815, 3, 0.05],
    [11.345, 3, 0.01],
    [18.307, 10, 0.05],
    [43.773, 30, 0.05],
  ])('P(X > %f) with %i degrees of freedom is %f', (x, df, p) => {
    expect(chiSquareUpperTail(x, df)).toBeCloseTo(p, 4)
  })

  it('is 1 at 0 and falls to 0 far out', () => {
    expect(chiSquareUpperTail(0, 3)).toBe(1)
    expect(chiSquareUpperTail(500, 3)).toBeLessThan(1e-100)
  })
})

describe('goodness of fit of a split', () => {
  it('tests observed counts against shares on any scale', () => {
    const fit = goodnessOfFit([550, 450], [50_000, 50_000])
    expect(fit.chiSquare).toBeCloseTo(10, 10)
    expect(fit.degreesOfFreedom).toBe(1)
    expect(fit.pValue).toBeCloseTo(0.001565, 5)
  })

  it('leaves out categories that should get nothing', () => {
    const fit = goodnessOfFit([100, 300, 0], [1, 3, 0])
    expect(fit).toEqual({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1 })
  })
})
