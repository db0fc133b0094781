import { readFileSync } from 'node:fs'
import murmurhash from 'murmurhash'
import { describe, expect, it } from 'vitest'
import { hashPrefix, hashWithPrefix, murmur3 } from './murmur3.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../spec/vectors/murmur3.json', import.meta.url), 'utf8'),
) as [string, number, number][]

/** A deterministic generator, so a failure names a reproducible string. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

const ALPHABETS = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0x7ff], // two UTF-8 bytes
  [0x800, 0xd7ff], // three bytes
  [0xd800, 0xdfff], // surrogates, paired or lone
  [0xe000, 0xffff],
] as const

function randomString(next: () => number): string {
  const length = Math.floor(next() * 40)
  let out = ''
  for (let i = 0; i < length; i++) {
    const [lo, hi] = ALPHABETS[Math.floor(next() * ALPHABETS.length)]!
    out += String.fromCharCode(lo + Math.floor(next() * (hi - lo + 1)))
  }
  return out
}

describe('murmur3', () => {
  it.each(vectors)('hashes %j with seed %i to %i', (input, seed, hash) => {
    expect(murmur3(input, seed)).toBe(hash)
  })

  it('gives the reference values of the spec', () => {
    expect(murmur3('')).toBe(0)
    expect(murmur3('hello')).toBe(0x248bfa47)
    expect(murmur3('Hello, world!', 1234)).toBe(0xfaf6cdb3)
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723)
  })

  it('agrees with the murmurhash package on 200,000 random strings, non-ASCII included', () => {
    const next = lcg(42)
    let mismatches = 0
    let first = ''
    for (let i = 0; i < 200_000; i++) {
      const s = randomString(next)
      const seed = i % 7 === 0 ? Math.floor(next() * 4294967296) : 0
      if (murmur3(s, seed) !== murmurhash.v3(s, seed)) {
        if (mismatches++ === 0) first = JSON.stringify([s, seed])
      }
    }
    expect({ mismatches, first }).toEqual({ mismatches: 0, first: '' })
  })

  it('hashes a salt prefix once and the rest per call to the same result as the whole string', () => {
    const next = lcg(7)
    for (let i = 0; i < 10_000; i++) {
      // Rollout prefixes end in ':', so a surrogate pair never straddles the two parts.
      const prefix = randomString(next) + ':'
      const rest = randomString(next)
      expect(hashWithPrefix(hashPrefix(prefix), rest)).toBe(murmurhash.v3(prefix + rest))
    }
  })
})
