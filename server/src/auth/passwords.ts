/**
 * Members' passwords, hashed with scrypt (memory-hard, in Node's crypto: no native addon to
 * build). The stored form names its parameters, so they can grow without breaking old hashes:
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64url.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** N = 2^15, r = 8: 32 MiB and some 50-100 ms per hash, OWASP's minimum for scrypt. */
const LOG_N = 15
const R = 8
const P = 1
const KEY_BYTES = 32

export const MIN_PASSWORD_LENGTH = 12

function derive(password: string, salt: Buffer, logN: number, r: number, p: number) {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r }
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, LOG_N, R, P)
  return ['scrypt', LOG_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** A hash that matches no password, checked when no member has the email: same time taken. */
let decoy: Promise<string> | undefined

/** Whether `password` matches `stored`; with `stored` null, spends the time and says no. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const hash = stored ?? (await (decoy ??= hashPassword(randomBytes(16).toString('hex'))))
  const [scheme, logN, r, p, salt, key] = hash.split('$')
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), +logN!, +r!, +p!)
  return timingSafeEqual(actual, expected) && stored !== null
}
