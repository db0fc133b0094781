/**
 * What the page reports for the guard: exposures and tracked metrics, aggregated by core's
 * event aggregator and posted as batches to `POST /sdk/v1/events`. Batches go oldest first,
 * one at a time; one that fails (network, 5xx, 429) goes back to the queue and is posted
 * again on a later flush with the same id, which the server counts once. The queue holds at
 * most `MAX_BATCHES`: past that the oldest goes, and its events are reported as `dropped`.
 * When the page is hidden or left, every queued batch is posted at once. Posts are JSON with
 * the key in the query, as the stream and polling have it, and use `keepalive`, so they
 * outlive the page (the browser sends them after their CORS preflight even then).
 */
import {
  MAX_QUEUED_BATCHES,
  createEventAggregator,
  eventsIn,
  type EventAggregator,
  type EventBatch,
} from '@andon/core'
import { randomHex } from './random.js'
import type { BrowserClientOptions } from './types.js'
import { fetchOf, sdkUrl } from './url.js'

/** Unsent batches kept for a retry (core's bound, as in the Node SDK). */
export const MAX_BATCHES = MAX_QUEUED_BATCHES

/** Where `pagehide` and `visibilitychange` arrive: the window, in a page. */
export type Page = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>

/** Counting is the aggregator's own `exposure` and `metric`. */
export interface Events extends Pick<EventAggregator, 'exposure' | 'metric'> {
  /** Posts what was aggregated, then what is queued, oldest first. Never rejects. */
  flush(): Promise<void>
  /** Stops the timer and the page listeners, and flushes. */
  close(): Promise<void>
}

/**
 * Starts reporting as the client's options say: to the server's `/sdk/v1/events`, a flush
 * every `flushIntervalMs` (5 s by default), and when the page is hidden or left.
 * @example
 * const events = startEvents({ baseUrl, clientKey, flushIntervalMs: 5000 }, window)
 * events.exposure('new-checkout', 1)
 * await events.close()
 */
export function startEvents(options: BrowserClientOptions, page?: Page): Events {
  const url = sdkUrl(options.baseUrl, options.clientKey, '/sdk/v1/events')
  const fetch = fetchOf(options)!
  const aggregator = createEventAggregator()
  /** Batches waiting to be posted; one being posted is out of it until it fails. */
  const queue: EventBatch[] = []
  let chain = Promise.resolve()

  /** Posts a batch; false when it failed and went back to the queue. */
  async function send(batch: EventBatch): Promise<boolean> {
    try {
      const body = JSON.stringify(batch)
      // Browsers refuse keepalive bodies past 64 KiB; a larger batch is sent all the same.
      const { status } = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        keepalive: body.length < 65_000,
      })
      // Core's isRetryable, written out here: the call would not fit the 8 KB budget.
      if (status < 500 && status !== 429) {
        // A refusal (4xx) will not pass later either: its events are reported as dropped.
        if (status > 299) aggregator.drop(eventsIn(batch))
        return true
      }
    } catch {
      // offline or blocked
    }
    queue.unshift(batch)
    return false
  }

  function flush(): Promise<void> {
    if (!aggregator.isEmpty) {
      // Full: the oldest go, and the batch drained now reports their events as dropped.
      while (queue.length >= MAX_BATCHES) aggregator.drop(eventsIn(queue.shift()!))
      queue.push(aggregator.drain(Date.now(), randomHex())!)
    }
    // One at a time, the oldest first; the first failure waits for the next flush.
    return (chain = chain.then(async () => {
      for (let batch: EventBatch | undefined; (batch = queue.shift()) && (await send(batch)););
    }))
  }

  const onHide = (event: Event) => {
    if (event.type === 'pagehide' || globalThis.document?.hidden) {
      // The page may be going away: no time to wait for one post before the next, so
      // everything is on its way before the flush gets to the queue, which it finds empty.
      void flush()
      for (const batch of queue.splice(0)) void send(batch)
    }
  }
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['pagehide', 'visibilitychange']) page?.[method](type, onHide)
  }
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 5000)
  listen('addEventListener')

  return Object.assign(aggregator, {
    flush,
    close() {
      clearInterval(timer)
      listen('removeEventListener')
      return flush()
    },
  })
}
