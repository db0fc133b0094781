/**
 * Reconnection delays, one rule for both SDKs and the admin UI's stream: exponential from
 * `initialMs`, doubling up to `maxMs`, each shortened by a random share of up to `jitter` so
 * that many clients that lost the same server do not come back in step; after a connection
 * that stayed up `resetAfterMs`, the delays start over (LaunchDarkly: 1 s, 30 s, 50 %, a
 * healthy minute).
 */

export interface Backoff {
  /** The delay before the next attempt; each call doubles the base up to the cap. */
  delay(): number
  /** The connection is up: if it stays up `resetAfterMs`, its failure starts the delays over. */
  opened(): void
  /** The connection failed (or never opened). */
  failed(): void
}

/**
 * The delays start at `initialMs` and stop growing at `maxMs`; `jitter` is the largest share
 * (0 to 1) taken off each at random; a connection that stayed up `resetAfterMs` starts them
 * over. Plain parameters rather than an options object: the browser bundle, which takes the
 * defaults, holds less code so.
 * @example
 * const backoff = createBackoff() // Math.random, Date.now and the defaults
 * backoff.delay() // 500 to 1000, then 1000 to 2000, ... up to 15000 to 30000
 * backoff.opened() // ... a minute later:
 * backoff.failed()
 * backoff.delay() // 500 to 1000 again
 */
export function createBackoff(
  random: () => number = Math.random,
  now: () => number = Date.now,
  initialMs = 1000,
  maxMs = 30_000,
  jitter = 0.5,
  resetAfterMs = 60_000,
): Backoff {
  let attempt = 0
  let openedAt: number | undefined
  return {
    delay() {
      const base = Math.min(maxMs, initialMs * 2 ** attempt)
      if (base < maxMs) attempt++ // at the cap it stays, without overflowing
      return Math.round(base - base * jitter * random())
    },
    opened() {
      openedAt = now()
    },
    failed() {
      if (openedAt !== undefined && now() - openedAt >= resetAfterMs) attempt = 0
      openedAt = undefined
    },
  }
}
