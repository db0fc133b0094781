/**
 * Reconnection delays: exponential with jitter and a cap (1 s, 2 s, 4 s ... 30 s by default),
 * each reduced by a random share of up to `jitter` so that many clients that lost the same
 * server do not come back in step.
 */

export interface BackoffOptions {
  /** The first delay. Default 1000 ms. */
  initialMs?: number
  /** The longest delay. Default 30000 ms. */
  maxMs?: number
  /** How long a stream must stay healthy before the delays start over. Default 60000 ms. */
  resetAfterMs?: number
  /** The largest share (0 to 1) taken off each delay at random. Default 0.5. */
  jitter?: number
}

export interface Backoff {
  /** The delay before the next attempt; each call doubles the base up to the cap. */
  next(): number
  /** Starts over at the initial delay. */
  reset(): void
}

/**
 * @example
 * const backoff = createBackoff({ initialMs: 1000, maxMs: 30000, jitter: 0.5 }, Math.random)
 * backoff.next() // 500 to 1000, then 1000 to 2000, ...
 */
export function createBackoff(options: Required<BackoffOptions>, random: () => number): Backoff {
  let attempt = 0
  return {
    next() {
      const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30))
      attempt++
      return Math.max(0, Math.round(base - base * options.jitter * random()))
    },
    reset() {
      attempt = 0
    },
  }
}
