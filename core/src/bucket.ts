/**
 * Rollout bucketing: a context lands in one of 100000 buckets by the hash of `salt:value`.
 * Written once here so every SDK and the server place a context identically.
 */
import { hashPrefix, hashWithPrefix, type HashPrefix } from './murmur3.js'

/** Buckets of a rollout; weights are in the same unit (0.001 % each). */
export const BUCKET_COUNT = 100000

const TWO_TO_32 = 4294967296

/** The bucket (0 to 99999) of a 32-bit unsigned hash. */
export function bucketOfHash(hash: number): number {
  return Math.floor((hash * BUCKET_COUNT) / TWO_TO_32)
}

/** The hash state of a rollout's `salt + ":"`, computed once per flag. */
export function saltPrefix(salt: string): HashPrefix {
  return hashPrefix(salt + ':')
}

/** The bucket of `value` under a prefix from `saltPrefix`. */
export function bucketWithPrefix(prefix: HashPrefix, value: string): number {
  return bucketOfHash(hashWithPrefix(prefix, value))
}

/**
 * The bucket (0 to 99999) that `value` falls in for `salt`.
 * @example bucket('new-checkout', 'user-1') // the same number in every SDK
 */
export function bucket(salt: string, value: string): number {
  return bucketWithPrefix(saltPrefix(salt), value)
}

/**
 * The string that a context attribute buckets by: a string as is, an integer in decimal.
 * Anything else (missing, a float, a boolean, an array) cannot be bucketed: `undefined`.
 */
export function bucketableValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  // Number.isInteger is false for anything but a number.
  if (Number.isInteger(value)) {
    // String() would write 1e21 and above in exponent form, which is not decimal.
    return Math.abs(value as number) < 1e21 ? String(value) : BigInt(value as number).toString()
  }
  return undefined
}
