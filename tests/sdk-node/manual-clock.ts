/**
 * A clock and timers that stand still until the test moves them: the Node client's `now` and
 * `timers` options. Reconnects, polls, the dead-stream watchdog and `ready`'s timeout then
 * happen when the test says, so a test asserts the delays the client chose and what it does
 * after them without sleeping, and a slow machine cannot make it pass or fail.
 */
import type { Timers } from '../../sdk-node/src/index.js'

interface Pending {
  id: number
  /** The delay the client asked for. */
  ms: number
  /** When it falls due on this clock. */
  at: number
  run: () => void
}

export interface ManualClock {
  /** Pass both to `createClient`: `createClient({ ...clock.options, baseUrl, sdkKey })`. */
  readonly options: { now: () => number; timers: Timers }
  /** The delays asked of the timers still waiting, soonest due first. */
  pending(): number[]
  /** Whether a timer asked for `ms` is waiting. */
  isPending(ms: number): boolean
  /**
   * Moves the clock on by `ms`, running each timer that falls due on the way (those the
   * runs set too), in the order they fall due.
   */
  advance(ms: number): void
  /** Runs the waiting timers asked for `ms` (the clock moves to each one's time). */
  fire(ms: number): void
  /** How often the clock was read: the client reads it for each chunk of a stream it gets. */
  reads(): number
}

/**
 * @example
 * const clock = manualClock()
 * const client = createClient({ ...clock.options, baseUrl, sdkKey })
 * clock.advance(30_000) // the next poll, at once
 */
export function manualClock(start = 1_000_000): ManualClock {
  let now = start
  let reads = 0
  let nextId = 1
  const waiting: Pending[] = []
  const soonestFirst = () => waiting.sort((a, b) => a.at - b.at || a.id - b.id)

  function run(timer: Pending) {
    waiting.splice(waiting.indexOf(timer), 1)
    now = Math.max(now, timer.at)
    timer.run()
  }

  const timers: Timers = {
    setTimeout(callback, ms) {
      const timer = { id: nextId++, ms, at: now + ms, run: callback }
      waiting.push(timer)
      return timer.id
    },
    clearTimeout(handle) {
      const i = waiting.findIndex((t) => t.id === handle)
      if (i >= 0) waiting.splice(i, 1)
    },
  }

  return {
    options: { now: () => (reads++, now), timers },
    pending: () => soonestFirst().map((t) => t.ms),
    isPending: (ms) => waiting.some((t) => t.ms === ms),
    advance(ms) {
      const until = now + ms
      let runs = 0
      for (let due = soonestFirst()[0]; due && due.at <= until; due = soonestFirst()[0]) {
        // A timer that keeps setting itself for no time at all would spin here for ever.
        if (++runs > 10_000) throw new Error('timers keep falling due without the clock moving')
        run(due)
      }
      now = until
    },
    fire(ms) {
      for (const timer of soonestFirst().filter((t) => t.ms === ms)) run(timer)
    },
    reads: () => reads,
  }
}
