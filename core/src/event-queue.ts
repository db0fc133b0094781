/**
 * The rules both SDKs follow for batches of events waiting to be posted to
 * `POST /sdk/v1/events`: how many are kept, what a batch stands for when it has to be
 * dropped, and which answers mean "try again later".
 */
import type { EventBatch } from './event-aggregator.js'

/** Unsent batches kept for a retry: 100 s of flushes at the default 5 s interval. */
export const MAX_QUEUED_BATCHES = 20

/**
 * The events a batch stands for, to report as `dropped` when the batch is dropped.
 * @example eventsIn(batch) // exposures + metric events + what it already reported dropped
 */
export function eventsIn(batch: EventBatch): number {
  let n = batch.dropped
  for (const e of batch.exposures) n += e.count
  for (const e of batch.metrics) n += e.count
  return n
}

/**
 * Whether a post that got `status` is to be retried with the same batch id (the server
 * counts it once): a server error or 429. Any other refusal (4xx) would fail again.
 * @example isRetryable(503) // true
 */
export function isRetryable(status: number): boolean {
  return status === 429 || status > 499
}
