/**
 * Finding a key by its secret, with the SHA-256 digests of secrets that named a key
 * remembered: an SDK sends the same key with every request, and hashing it again was a tenth
 * of a small request's cost. Only secrets that found a key are kept (guesses would only fill
 * the map), at most `MAX_HELD`, all forgotten at once when full. The digest is a pure function
 * of the secret, so a revoked key needs nothing here: its digest simply finds no key any more.
 */
import { digestOf } from './secrets.js'

const MAX_HELD = 10_000

export function createKeyFinder<K>(findByDigest: (digest: string) => Promise<K | undefined>) {
  const known = new Map<string, string>()
  return async (secret: string): Promise<K | undefined> => {
    const digest = known.get(secret) ?? digestOf(secret)
    const key = await findByDigest(digest)
    if (key !== undefined && !known.has(secret)) {
      if (known.size >= MAX_HELD) known.clear()
      known.set(secret, digest)
    }
    return key
  }
}
