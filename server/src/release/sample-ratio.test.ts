import { describe, expect, it } from 'vitest'
import { SRM_MIN_EXPOSURES, sampleRatio } from './sample-ratio.js'

describe('sample-ratio mismatch', () => {
  it('gives the chi-square p-value of one degree of freedom', () => {
    // 550 vs 450 against 50/50: chi-square 10, whose upper tail is 0.001565 (tables).
    const r = sampleRatio(550, 450, 0.5)
    expect(r.chiSquare).toBeCloseTo(10, 10)
    expect(r.pValue).toBeCloseTo(0.001565, 5)
    expect(r.mismatch).toBe(false)
  })

  it("flags a split far from the step's percentage", () => {
    // 5 % expected, 10 % observed over 10,000 exposures.
    expect(sampleRatio(1000, 9000, 0.05).mismatch).toBe(true)
    expect(sampleRatio(510, 9490, 0.05).mismatch).toBe(false)
  })

  it('judges nothing on too few exposures or a split with one side', () => {
    expect(sampleRatio(SRM_MIN_EXPOSURES - 1, 0, 0.5).mismatch).toBe(false)
    expect(sampleRatio(5000, 0, 1).mismatch).toBe(false)
  })

  it('stays near alpha when assignment is right', () => {
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let mismatches = 0
    for (let trial = 0; trial < 2000; trial++) {
      let released = 0
      for (let i = 0; i < 1000; i++) if (random() < 0.25) released++
      if (sampleRatio(released, 1000 - released, 0.25).mismatch) mismatches++
    }
    expect(mismatches).toBeLessThanOrEqual(5)
  })
})
