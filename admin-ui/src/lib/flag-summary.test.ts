import type { Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { flagSummary } from './flag-summary.js'
import { rampServe } from './rollout.js'

const flag: Flag = {
  key: 'f',
  version: 1,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 1 },
}

describe('flagSummary', () => {
  it('says what the default serves, and how many rules and targets come first', () => {
    expect(flagSummary(flag)).toBe('true')
    expect(flagSummary({ ...flag, fallthrough: rampServe(1, 0, 25000) })).toBe('25 % true')
    expect(
      flagSummary({
        ...flag,
        rules: [{ clauses: [], serve: { variation: 1 } }],
        targets: [{ variation: 1, values: ['a', 'b'] }],
      }),
    ).toBe('true · 1 rule · 2 targets')
    expect(flagSummary(undefined)).toBe('')
  })

  it('says what an off flag serves', () => {
    expect(flagSummary({ ...flag, enabled: false })).toBe('off → false')
    expect(flagSummary({ ...flag, enabled: false, offVariation: null })).toBe('off → the default')
  })
})
