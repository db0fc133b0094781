/**
 * Keys found by their digest, kept for a second: every SDK request authenticates, and the
 * lookup is a good part of a small request's cost. A store empties the cache whenever keys
 * change through it (and, with PostgreSQL, through any process: NOTIFY), so a revoked key is
 * refused on its next request. The SQLite store holds no admin tokens, which
 * `npm run admin-token` may revoke from another process beside a running server; the
 * PostgreSQL store holds them, and a revocation there answers only once every process's copy
 * has run out (resilient-store.ts).
 */
import type { AuthKey } from './store.js'

export const KEY_CACHE_MS = 1000

/** By digest, keys; the PostgreSQL store holds its environments' settings in one too. */
export interface KeyCache<V = AuthKey> {
  /** The cache's clock, for `since`. */
  now(): number
  get(digest: string): V | undefined
  /** Held for the time from `since`, when the lookup that found it started (by default now). */
  set(digest: string, key: V, since?: number): void
  clear(): void
}

/** Many keys at once are a flood of made-up ones: past this, start again rather than grow. */
const MAX_KEYS = 10_000

export function createKeyCache<V = AuthKey>(
  ttlMs = KEY_CACHE_MS,
  now = () => performance.now(),
): KeyCache<V> {
  const held = new Map<string, { key: V; until: number }>()
  return {
    now,
    get(digest) {
      const hit = held.get(digest)
      if (hit === undefined) return undefined
      if (hit.until > now()) return hit.key
      held.delete(digest)
      return undefined
    },
    set(digest, key, since = now()) {
      if (held.size >= MAX_KEYS) held.clear()
      held.set(digest, { key, until: since + ttlMs })
    },
    clear: () => held.clear(),
  }
}
