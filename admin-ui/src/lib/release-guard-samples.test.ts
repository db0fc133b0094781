import { describe, expect, it } from 'vitest'
import { guardSamples, samplesText } from './release-guard-samples.js'

const figures = (exposures: number, count: number) => ({ exposures, count }) as never

describe('guardSamples', () => {
  it('counts the smaller arm against the more of the guard’s and the step’s minimum', () => {
    const guard = {
      kind: 'rate' as const,
      minSamples: 200,
      variations: [figures(900, 5), figures(120, 3)],
    }
    expect(guardSamples(guard, undefined)).toEqual({ have: 120, need: 200, enough: false })
    expect(guardSamples(guard, { minSamples: 1000 })).toEqual({
      have: 120,
      need: 1000,
      enough: false,
    })
    expect(samplesText(guardSamples({ ...guard, minSamples: 100 }, {}))).toBe(
      '120 of 100 samples in the smaller arm',
    )
  })

  it('counts events for a mean, and nothing while an arm has no figures', () => {
    const mean = {
      kind: 'mean' as const,
      minSamples: 10,
      variations: [figures(900, 40), figures(50, 12)],
    }
    expect(guardSamples(mean, undefined)).toEqual({ have: 12, need: 10, enough: true })
    expect(guardSamples({ ...mean, variations: [figures(900, 40)] }, undefined).have).toBe(0)
  })
})
