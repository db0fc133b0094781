/**
 * Polling of `GET /sdk/v1/flags` while the stream fails: one request (poll.ts) every
 * `intervalMs` from `start()` until `stop()`, with the ETag of the last payload as
 * `If-None-Match`. Each outcome goes to `onOutcome`; one that answers after a stop (or a
 * restart) is dropped, so a late answer never starts a second loop.
 */
import { pollOnce, type PollOutcome, type PollRequest } from './poll.js'
import type { Timers } from './options.js'

export interface PollerSettings extends Omit<PollRequest, 'etag'> {
  intervalMs: number
  timers: Timers
}

export interface Poller {
  readonly active: boolean
  start(): void
  stop(): void
}

/**
 * @example
 * const poller = createPoller({ url, sdkKey, fetch, timeoutMs, signal, intervalMs, timers },
 *   (outcome) => { if (outcome.kind === 'payload') store.put(outcome.payload) })
 * poller.start()
 */
export function createPoller(
  settings: PollerSettings,
  onOutcome: (outcome: PollOutcome) => void,
): Poller {
  const { timers } = settings
  let etag: string | undefined
  let timer: unknown
  let active = false
  /** Bumped on every start and stop: an answer of an older loop is dropped. */
  let loop = 0

  async function poll(mine: number) {
    timer = undefined
    const outcome = await pollOnce({ ...settings, etag })
    if (mine !== loop) return
    if (outcome.kind === 'payload') etag = outcome.etag
    onOutcome(outcome) // which may stop polling
    if (mine === loop) timer = timers.setTimeout(() => void poll(mine), settings.intervalMs)
  }

  return {
    get active() {
      return active
    },
    start() {
      active = true
      void poll(++loop)
    },
    stop() {
      active = false
      loop++
      timers.clearTimeout(timer)
      timer = undefined
    },
  }
}
