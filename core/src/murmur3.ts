/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a JavaScript string, without encoding it
 * into a buffer: the string's UTF-16 code units are turned into UTF-8 bytes on the fly.
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

function mixBlock(h1: number, k: number): number {
  k = Math.imul(k, C1)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, C2)
  h1 ^= k
  h1 = (h1 << 13) | (h1 >>> 19)
  return (Math.imul(h1, 5) + 0xe6546b64) | 0
}

/** UTF-8 bytes of one code unit (or surrogate pair) packed little-endian, and their count. */
function utf8Packed(input: string, i: number): { packed: number; count: number; units: number } {
  const c = input.charCodeAt(i)
  if (c < 0x80) return { packed: c, count: 1, units: 1 }
  if (c < 0x800) return { packed: 0xc0 | (c >> 6) | ((0x80 | (c & 63)) << 8), count: 2, units: 1 }
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = i + 1 < input.length ? input.charCodeAt(i + 1) : 0
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
      const packed =
        0xf0 |
        (cp >> 18) |
        ((0x80 | ((cp >> 12) & 63)) << 8) |
        ((0x80 | ((cp >> 6) & 63)) << 16) |
        ((0x80 | (cp & 63)) << 24)
      return { packed, count: 4, units: 2 }
    }
  }
  const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c
  const packed = 0xe0 | (u >> 12) | ((0x80 | ((u >> 6) & 63)) << 8) | ((0x80 | (u & 63)) << 16)
  return { packed, count: 3, units: 1 }
}

/** Feeds `input` into a hash state, byte by byte (prefixes and non-ASCII values only). */
function feed(state: HashPrefix, input: string): HashPrefix {
  let { h1, k, shift, length } = state
  for (let i = 0; i < input.length;) {
    const { packed, count, units } = utf8Packed(input, i)
    i += units
    for (let j = 0; j < count; j++) {
      k |= ((packed >>> (j * 8)) & 0xff) << shift
      length++
      shift += 8
      if (shift === 32) {
        h1 = mixBlock(h1, k)
        k = 0
        shift = 0
      }
    }
  }
  return { h1, k, shift, length }
}

function finish(h1: number, k: number, shift: number, length: number): number {
  if (shift !== 0) {
    k = Math.imul(k, C1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, C2)
    h1 ^= k
  }
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
  return feed({ h1: seed | 0, k: 0, shift: 0, length: 0 }, prefix)
}

/**
 * MurmurHash3_x86_32 of `prefix + value` where `prefix` was fed into `state` by `hashPrefix`.
 * This is the evaluation hot path: it allocates nothing for ASCII values.
 */
export function hashWithPrefix(state: HashPrefix, value: string): number {
  let h1 = state.h1
  let k = state.k
  let shift = state.shift
  let length = state.length
  const n = value.length
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i)
    if (c >= 0x80) {
      const rest = feed({ h1, k, shift, length }, value.slice(i))
      return finish(rest.h1, rest.k, rest.shift, rest.length)
    }
    k |= c << shift
    length++
    shift += 8
    if (shift === 32) {
      h1 = mixBlock(h1, k)
      k = 0
      shift = 0
    }
  }
  return finish(h1, k, shift, length)
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `input`, as an unsigned 32-bit integer.
 * @example murmur3('hello') // 0x248bfa47
 */
export function murmur3(input: string, seed = 0): number {
  return hashWithPrefix(hashPrefix('', seed), input)
}
