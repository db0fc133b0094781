import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bucket, bucketOfHash, bucketableValue } from './bucket.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../spec/vectors/buckets.json', import.meta.url), 'utf8'),
) as [string, string, number][]

describe('bucket', () => {
  it.each(vectors)('puts %s:%s in bucket %i', (salt, value, expected) => {
    expect(bucket(salt, value)).toBe(expected)
  })

  it('maps the hash range onto 0 to 99999', () => {
    expect(bucketOfHash(0)).toBe(0)
    expect(bucketOfHash(42949)).toBe(0)
    expect(bucketOfHash(42950)).toBe(1)
    expect(bucketOfHash(0xffffffff)).toBe(99999)
  })

  it('spreads contexts evenly', () => {
    const counts = new Array<number>(10).fill(0)
    for (let i = 0; i < 100_000; i++) counts[Math.floor(bucket('even', `user-${i}`) / 10000)]!++
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500)
  })
})

describe('bucketableValue', () => {
  it('takes strings as they are and integers in decimal', () => {
    expect(bucketableValue('u-1')).toBe('u-1')
    expect(bucketableValue(42)).toBe('42')
    expect(bucketableValue(-7)).toBe('-7')
    expect(bucketableValue(1e21)).toBe('1000000000000000000000')
  })

  it('refuses floats, booleans, arrays, null and missing values', () => {
    for (const v of [1.5, NaN, Infinity, true, ['a'], null, undefined, {}]) {
      expect(bucketableValue(v)).toBeUndefined()
    }
  })
})
