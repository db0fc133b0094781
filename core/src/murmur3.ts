/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a JavaScript string, without encoding it
 * into a buffer: ASCII is hashed as it is, anything else as `encodeURIComponent` writes it.
 * Rollouts hash `salt + ":" + value`; the prefix `salt + ":"` is hashed once per flag
 * (`hashPrefix`) and each evaluation only feeds the value (`hashWithPrefix`).
 * Lone surrogates hash as U+FFFD, as `TextEncoder` encodes them.
 */

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/** The hash state after some bytes: full 4-byte blocks mixed into `h1`, the rest pending in `k`. */
export interface HashPrefix {
  readonly h1: number
  readonly k: number
  /** Bits already pending in `k`: 0, 8, 16 or 24. */
  readonly shift: number
  /** Bytes fed so far. */
  readonly length: number
}

function scramble(k: number): number {
  k = Math.imul(k, C1)
  return Math.imul((k << 15) | (k >>> 17), C2)
}

/**
 * A surrogate that is not half of a pair, which UTF-8 has no bytes for: read by code point
 * (`u`), a pair is one character and only a lone surrogate is in the category Cs.
 */
const LONE_SURROGATE = /\p{Cs}/gu

/**
 * Feeds the UTF-8 bytes of `input` into `state`: one loop for prefixes and values. ASCII is
 * fed as it is; from the first other character on, the rest goes through
 * `encodeURIComponent`, whose `%XX` escapes are exactly the UTF-8 bytes (lone surrogates
 * made U+FFFD first, which it would refuse). With `done` it returns the finished hash and,
 * for ASCII, allocates nothing (the evaluation hot path); without, the state after `input`.
 */
function feed(state: HashPrefix, input: string, done: true): number
function feed(state: HashPrefix, input: string, done: false): HashPrefix
function feed(state: HashPrefix, input: string, done: boolean): number | HashPrefix {
  let { h1, k, shift, length } = state
  let escaped = false
  for (let i = 0; i < input.length; i++) {
    let byte = input.charCodeAt(i)
    if (escaped && byte === 0x25) {
      byte = parseInt(input.slice(i + 1, i + 3), 16) // %XX
      i += 2
    } else if (byte > 0x7f) {
      input = encodeURIComponent(input.slice(i).replace(LONE_SURROGATE, '\ufffd'))
      escaped = true
      i = -1
      continue
    }
    k |= byte << shift
    length++
    shift += 8
    if (shift === 32) {
      h1 ^= scramble(k)
      h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0
      k = shift = 0
    }
  }
  if (!done) return { h1, k, shift, length }
  if (shift !== 0) h1 ^= scramble(k)
  h1 ^= length
  h1 ^= h1 >>> 16
  h1 = Math.imul(h1, 0x85ebca6b)
  h1 ^= h1 >>> 13
  h1 = Math.imul(h1, 0xc2b2ae35)
  h1 ^= h1 >>> 16
  return h1 >>> 0
}

/** The state after hashing `prefix` with `seed`, to hash many strings that start with it. */
export function hashPrefix(prefix: string, seed = 0): HashPrefix {
  return feed({ h1: seed | 0, k: 0, shift: 0, length: 0 }, prefix, false)
}

/**
 * MurmurHash3_x86_32 of `prefix + value` where `prefix` was fed into `state` by `hashPrefix`.
 * This is the evaluation hot path: it allocates nothing.
 */
export function hashWithPrefix(state: HashPrefix, value: string): number {
  return feed(state, value, true)
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `input`, as an unsigned 32-bit integer.
 * @example murmur3('hello') // 0x248bfa47
 */
export function murmur3(input: string, seed = 0): number {
  return feed({ h1: seed | 0, k: 0, shift: 0, length: 0 }, input, true)
}
