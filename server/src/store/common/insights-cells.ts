/**
 * The figures insights count in, as both stores hold them: hourly and daily roll-ups of the
 * per-minute event figures, how long each is kept, which minutes a roll-up adds, and how rows
 * of one bucket add up.
 */
import type { Step } from '../../insights/insights-model.js'
import { DAY, HOUR } from '../../insights/periods.js'
import { EVENT_MINUTES_KEPT_MS } from './event-cells.js'

/** How long the hourly roll-ups are kept: the flag page's chart and the experiment view. */
export const EVENT_HOURS_KEPT_MS = 90 * DAY
/** How long the daily roll-ups are kept: the flag list's charts and the stale report. */
export const EVENT_DAYS_KEPT_MS = 400 * DAY

/**
 * Minutes rolled up per batch: a few minutes' figures, so that no batch (and no kill switch
 * queued behind it) waits long, and reads find at most a few minutes not rolled up.
 */
export const ROLLUP_CHUNK_MS = 5 * 60 * 1000

/** One bucket of one flag's variation and metric (a roll-up row, or minutes added up). */
export interface BucketRow {
  flagId: number
  metric: string
  variation: number
  at: number
  count: number
  sum: number
  sumSquares: number
}

/** A roll-up row: a bucket of one environment. */
export interface RollupCell extends BucketRow {
  environmentId: number
}

export interface BucketQuery {
  envId: number
  /** One flag, or every flag of the environment. */
  flagId?: number
  /** The one flag's variation count: its minutes are then read by primary key. */
  variations?: number
  metrics: readonly string[]
  step: Step
  /** Start of the first bucket (aligned to the step). */
  from: number
  /** Only the counts are wanted (exposures): sums read as 0. */
  countsOnly?: boolean
}

export const stepMs = (step: Step) => (step === 'hour' ? HOUR : DAY)

/** The start of the bucket of `at`. */
export const bucketOf = (at: number, step: Step) => at - (at % stepMs(step))

/** Rows of the same bucket added up (a day both rolled up in part and still in minutes). */
export function addUpBuckets<T extends BucketRow & { environmentId?: number }>(
  rows: Iterable<T>,
): T[] {
  const merged = new Map<string, T>()
  for (const r of rows) {
    const id = `${r.environmentId ?? ''}\u0000${r.flagId}\u0000${r.metric}\u0000${r.variation}\u0000${r.at}`
    const seen = merged.get(id)
    if (seen === undefined) merged.set(id, { ...r })
    else {
      seen.count += r.count
      seen.sum += r.sum
      seen.sumSquares += r.sumSquares
    }
  }
  return [...merged.values()]
}

/** The buckets in time order, variations in order within one. */
export const byTime = (
  a: { at: number; variation: number },
  b: { at: number; variation: number },
) => a.at - b.at || a.variation - b.variation

/** Hourly cells added up into days. */
export const dayCells = (hours: readonly RollupCell[]): RollupCell[] =>
  addUpBuckets(hours.map((h) => ({ ...h, at: h.at - (h.at % DAY) })))

/**
 * The end of the last chunk ended `lag` ago: a roll-up that reaches it has nothing to add.
 * The lag covers the clocks of other processes that may still count into a chunk just ended.
 */
export const rollupEnd = (now: number, lag = 0) => now - lag - ((now - lag) % ROLLUP_CHUNK_MS)

/**
 * The minutes [from, to) the next roll-up adds, given the first minute kept at or after the
 * roll-ups' reach (`next`; null when none): one ended chunk per batch, so that a server that
 * has been away (or upgraded with 30 days of minutes) catches up a chunk a batch, reads staying
 * exact meanwhile; and every minute the batch is about to delete as too old, whatever the lag.
 * A gap without minutes is skipped at once. The roll-ups then reach `to`.
 */
export function rollupRange(
  now: number,
  next: number | null,
  lag = 0,
): { from: number; to: number } {
  const end = rollupEnd(now, lag)
  const from = next === null ? end : Math.min(end, next - (next % ROLLUP_CHUNK_MS))
  const expiring = now - EVENT_MINUTES_KEPT_MS
  const to = Math.min(
    end,
    Math.max(from + ROLLUP_CHUNK_MS, expiring - (expiring % ROLLUP_CHUNK_MS) + ROLLUP_CHUNK_MS),
  )
  return { from, to }
}

/** Once an hour is enough for the roll-ups' own retention: when a roll-up reaches an hour. */
export const prunesRollups = (to: number) => to % HOUR === 0
