/**
 * What the client reports for the guard: exposures and tracked metrics, aggregated by core's
 * event aggregator and posted as batches to `POST /sdk/v1/events`, every `flushIntervalMs`,
 * on `flush()` and on `close()`. Batches go oldest first, one at a time. One that fails
 * (network, 5xx, 429) goes back to the head of the queue and is posted again on a later
 * flush with the same id, which the server counts once; one that is refused (another 4xx)
 * is dropped and its events reported as `dropped`. The queue holds at most
 * `MAX_QUEUED_BATCHES`: past that the oldest goes, its events reported as `dropped` too. So
 * memory stays bounded whatever the server does, and nothing is counted twice.
 */
import { randomUUID } from 'node:crypto'
import {
  MAX_QUEUED_BATCHES,
  createEventAggregator,
  eventsIn,
  isRetryable,
  type EventAggregator,
  type EventBatch,
} from '@andon/core'
import { AndonSdkError } from './errors.js'
import type { Timers } from './options.js'

export { MAX_QUEUED_BATCHES }

export interface EventsSettings {
  /** `{baseUrl}/sdk/v1/events`. */
  url: string
  sdkKey: string
  fetch: typeof globalThis.fetch
  timers: Timers
  now: () => number
  flushIntervalMs: number
  /** The longest one post may take. */
  requestTimeoutMs: number
  /** The longest `close()` waits for the last posts. */
  closeTimeoutMs: number
  /** Told about each post that failed (kept for a retry) or was refused (dropped). */
  onError(error: AndonSdkError): void
  /** Batch ids; random UUIDs by default. */
  newId?: () => string
}

/** Counting is the aggregator's own `exposure` and `metric`. */
export interface Events extends Pick<EventAggregator, 'exposure' | 'metric'> {
  /** Posts what was aggregated, then what is queued, oldest first. Never rejects. */
  flush(): Promise<void>
  /** Stops the timer and flushes, waiting `closeTimeoutMs` at most. Never rejects. */
  close(): Promise<void>
}

type Outcome = 'sent' | 'retry' | 'refused'

/**
 * Starts reporting: a flush every `flushIntervalMs` on a timer that never keeps the process
 * alive.
 * @example
 * const events = startEvents({ url, sdkKey, fetch, timers, now: Date.now, flushIntervalMs: 5000,
 *   requestTimeoutMs: 10_000, closeTimeoutMs: 2000, onError: (e) => console.warn(e.message) })
 * events.exposure('new-checkout', 1)
 * await events.close()
 */
export function startEvents(settings: EventsSettings): Events {
  const { timers, now } = settings
  const newId = settings.newId ?? randomUUID
  const aggregator = createEventAggregator()
  /** Batches waiting to be posted; the one being posted is out of it until it fails. */
  const queue: EventBatch[] = []
  /**
   * The post in flight, for close() to give up. A controller per post: a long-lived signal
   * combined in `AbortSignal.any` keeps every combined signal alive on some Node versions.
   */
  let inFlight: AbortController | undefined
  let givenUp = false
  /** The last pass over the queue; passes run one after the other. */
  let chain: Promise<void> = Promise.resolve()
  /** A pass waiting for the running one, not started yet: later flushes join it. */
  let pending: Promise<void> | undefined
  let closing: Promise<void> | undefined
  let timer: unknown

  function trim() {
    while (queue.length > MAX_QUEUED_BATCHES) aggregator.drop(eventsIn(queue.shift()!))
  }

  async function post(batch: EventBatch): Promise<Outcome> {
    if (givenUp) return 'retry'
    const aborter = (inFlight = new AbortController())
    try {
      const response = await settings.fetch(settings.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${settings.sdkKey}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(batch),
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(settings.requestTimeoutMs)]),
      })
      await response.body?.cancel()
      const { status } = response
      if (status >= 200 && status < 300) return 'sent'
      const retry = isRetryable(status)
      settings.onError(
        new AndonSdkError(
          'events',
          retry
            ? `posting events answered ${status}; kept for a retry`
            : `posting events answered ${status}; ${eventsIn(batch)} events dropped`,
          status,
        ),
      )
      return retry ? 'retry' : 'refused'
    } catch (cause) {
      if (givenUp) return 'retry' // given up by close(): no news to report
      settings.onError(
        new AndonSdkError(
          'events',
          `posting events failed: ${(cause as Error)?.message}; kept for a retry`,
          undefined,
          { cause },
        ),
      )
      return 'retry'
    } finally {
      inFlight = undefined
    }
  }

  async function sendQueued() {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const outcome = await post(batch)
      if (outcome === 'refused') aggregator.drop(eventsIn(batch))
      if (outcome === 'retry') {
        // Back to the head, to go first next time; the first failure waits for the next flush.
        queue.unshift(batch)
        trim()
        return
      }
    }
  }

  function flush(): Promise<void> {
    if (!aggregator.isEmpty) {
      // Full: the oldest goes, and the batch drained now reports its events as dropped.
      while (queue.length >= MAX_QUEUED_BATCHES) aggregator.drop(eventsIn(queue.shift()!))
      queue.push(aggregator.drain(now(), newId())!)
    }
    if (queue.length === 0) return chain
    // One pass running and at most one waiting, however often flush() is called while the
    // server hangs: the waiting pass posts whatever is queued when it starts.
    if (pending !== undefined) return pending
    const pass = chain
      .then(() => {
        pending = undefined
        return sendQueued()
      })
      // Nothing in sendQueued throws; the catch keeps the chain alive should a listener do so.
      .catch(() => {})
    pending = chain = pass
    return pass
  }

  function schedule() {
    if (closing) return
    timer = timers.setTimeout(() => void flush().then(schedule), settings.flushIntervalMs)
    // An application that is done must be able to exit: its last events go with close().
    ;(timer as { unref?: () => void } | undefined)?.unref?.()
  }
  schedule()

  return {
    exposure: (flag, variation) => aggregator.exposure(flag, variation),
    metric: (metric, flag, variation, value) => aggregator.metric(metric, flag, variation, value),
    flush,
    close() {
      return (closing ??= (async () => {
        timers.clearTimeout(timer)
        let deadline: unknown
        await Promise.race([
          flush(),
          new Promise<void>((resolve) => {
            deadline = timers.setTimeout(resolve, settings.closeTimeoutMs)
          }),
        ])
        timers.clearTimeout(deadline)
        givenUp = true
        inFlight?.abort() // a post still in flight is given up
      })())
    },
  }
}
