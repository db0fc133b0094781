import { createEvaluator, type Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error.js'
import { describeFlag, percentServe, releasedVariation, variationOf } from './serving.js'

const flag = (over: Partial<Flag> = {}): Flag => ({
  key: 'checkout',
  version: 3,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 0 },
  ...over,
})

describe('what the command says a flag serves', () => {
  it('names the off variation of a flag that is off', () => {
    expect(describeFlag(flag({ enabled: false }))).toBe('off (serves false)')
  })

  it('gives a rollout as percentages of the values, out of 100,000', () => {
    const f = flag({
      fallthrough: {
        rollout: {
          variations: [
            { variation: 1, weight: 25_000 },
            { variation: 0, weight: 75_000 },
          ],
        },
      },
      rules: [
        { clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }], serve: { variation: 1 } },
      ],
    })
    expect(describeFlag(f)).toBe('on: 25 % true, 75 % false, after 1 rule(s)')
  })
})

describe('choosing a variation', () => {
  const colours = flag({ variations: ['red', 'blue', 'green'], offVariation: 1 })

  it('takes a value, bare or as JSON, before an index', () => {
    expect(variationOf(colours, 'green')).toBe(2)
    expect(variationOf(colours, '"red"')).toBe(0)
    expect(variationOf(flag(), 'true')).toBe(1)
    expect(variationOf(colours, '2')).toBe(2)
  })

  it('names the variations there are when none fits', () => {
    expect(() => variationOf(colours, 'purple')).toThrow(/"red", "blue", "green"/)
  })

  it('releases the first variation that is not the off one', () => {
    expect(releasedVariation(flag())).toBe(1)
    expect(releasedVariation(colours)).toBe(0)
  })
})

describe('a percentage rollout', () => {
  it('puts the released variation first and the rest on the off variation', () => {
    expect(percentServe(flag(), 1, 25)).toEqual({
      rollout: {
        variations: [
          { variation: 1, weight: 25_000 },
          { variation: 0, weight: 75_000 },
        ],
      },
    })
  })

  it('serves one variation at 0 and 100 percent, and refuses what is no percentage', () => {
    expect(percentServe(flag(), 1, 100)).toEqual({ variation: 1 })
    expect(percentServe(flag(), 1, 0)).toEqual({ variation: 0 })
    expect(() => percentServe(flag(), 1, 101)).toThrow(CliError)
    expect(() => percentServe(flag(), 1, Number.NaN)).toThrow(CliError)
  })

  it('only adds contexts as the percentage rises, as the evaluator buckets them', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `user-${i}`)
    const releasedTo = (percent: number) => {
      const f = flag({ fallthrough: percentServe(flag(), 1, percent) })
      const evaluator = createEvaluator({
        schemaVersion: 1,
        environment: 'production',
        version: 1,
        flags: { checkout: f },
        segments: {},
      })
      return keys.filter((key) => evaluator.evaluate('checkout', { key }, false).value === true)
    }
    const at5 = releasedTo(5)
    const at25 = new Set(releasedTo(25))
    expect(at5.length).toBeGreaterThan(100)
    expect(at25.size).toBeGreaterThan(800)
    expect(at5.filter((key) => !at25.has(key))).toEqual([])
  })
})
