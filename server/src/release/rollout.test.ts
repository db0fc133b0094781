import { createEvaluator, type Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { releaseTemplates } from './plan-schema.js'
import { releaseServe } from './rollout.js'

const flagAt = (percent: number, bucketBy?: string): Flag => ({
  key: 'checkout',
  version: 1,
  enabled: true,
  variations: ['old', 'new', 'other'],
  offVariation: 0,
  fallthrough: releaseServe(1, 0, percent, bucketBy),
})

/** The contexts the evaluator serves the released variation at a percentage. */
function releasedTo(percent: number, keys: string[]): Set<string> {
  const evaluator = createEvaluator({
    schemaVersion: 1,
    environment: 'production',
    version: 1,
    flags: { checkout: flagAt(percent) },
    segments: {},
  })
  return new Set(
    keys.filter((key) => evaluator.evaluate('checkout', { key }, 'old').value === 'new'),
  )
}

describe("a release step's rollout", () => {
  it('only adds contexts as a plan steps up: nobody who had the new variation loses it', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `user-${i}`)
    const percents = releaseTemplates.standard.map((s) => s.percent)
    let before = new Set<string>()
    for (const percent of percents) {
      const now = releasedTo(percent, keys)
      expect([...before].filter((k) => !now.has(k))).toEqual([])
      // Within a few points of the step's share of 5,000 contexts.
      expect(Math.abs(now.size - 50 * percent)).toBeLessThan(150)
      before = now
    }
    expect(before.size).toBe(keys.length)
  })

  it('serves one variation at 0 and 100 %, weights out of 100,000 between, and keeps bucketBy', () => {
    expect(releaseServe(1, 0, 0)).toEqual({ variation: 0 })
    expect(releaseServe(1, 0, 100)).toEqual({ variation: 1 })
    expect(releaseServe(2, 0, 0.5, 'org')).toEqual({
      rollout: {
        bucketBy: 'org',
        variations: [
          { variation: 2, weight: 500 },
          { variation: 0, weight: 99_500 },
        ],
      },
    })
  })
})
