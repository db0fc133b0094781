import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth.js'
import { flagSchema, jsonValueSchema } from './schemas.js'

/** An array holding an array, `depth` levels in all, around `inner`. */
function nested(depth: number, inner: unknown = 1): unknown {
  let value = inner
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('the depth of JSON values', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestedDeeperThan('text', 0)).toBe(false)
    expect(nestedDeeperThan([], 0)).toBe(true)
    expect(nestedDeeperThan({ a: [{}] }, 3)).toBe(false)
    expect(nestedDeeperThan({ a: [{}] }, 2)).toBe(true)
    expect(nestedDeeperThan([1, [2, [3]]], 2)).toBe(true)
  })

  it('measures 200,000 levels without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown
    expect(nestedDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true)
  })

  it('ends on a cycle', () => {
    const cycle: unknown[] = []
    cycle.push(cycle)
    expect(nestedDeeperThan(cycle, MAX_JSON_DEPTH)).toBe(true)
  })

  it(`lets a variation nest ${MAX_JSON_DEPTH} levels and refuses one more, saying why`, () => {
    expect(jsonValueSchema.safeParse(nested(MAX_JSON_DEPTH)).success).toBe(true)
    const result = jsonValueSchema.safeParse(nested(MAX_JSON_DEPTH + 1))
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      `nested too deep: at most ${MAX_JSON_DEPTH} levels of arrays and objects`,
    ])
  })

  it('refuses variations nested 2,000 deep with an issue at the variation, not a crash', () => {
    const flag = {
      key: 'deep',
      version: 1,
      enabled: true,
      variations: [false, nested(2000, { a: 1 })],
      offVariation: 0,
      fallthrough: { variation: 0 },
    }
    const result = flagSchema.safeParse(flag)
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['variations.1', `nested too deep: at most ${MAX_JSON_DEPTH} levels of arrays and objects`],
    ])
  })

  it('still accepts every kind of JSON value', () => {
    const value = { s: 'x', n: -1.5, b: false, z: null, list: [1, 'two', { three: [3] }] }
    expect(jsonValueSchema.parse(value)).toEqual(value)
  })
})
