/**
 * What SDKs report for the guard: exposures per (flag, variation) and tracked metric events
 * per (metric, flag, variation) as count, sum and sum of squares, aggregated in memory and
 * drained into batches for `POST /sdk/v1/events`. Shared by both SDKs; counting an exposure
 * is a map lookup and an increment, cheap enough for the evaluation hot path. Memory is
 * bounded: past `maxEntries` distinct keys, new ones are dropped and counted. A batch stays
 * within the server's plausibility limits (`EVENT_BATCH_LIMITS`): no more distinct flags than
 * `maxEntries`, and no more events of a metric than exposures of the same variation.
 */

export interface ExposureCount {
  flag: string
  variation: number
  count: number
}

export interface MetricAggregate {
  metric: string
  flag: string
  variation: number
  count: number
  sum: number
  sumSquares: number
}

/** The body of `POST /sdk/v1/events`. A retried batch keeps its `id`, so it counts once. */
export interface EventBatch {
  id: string
  startedAt: number
  endedAt: number
  exposures: ExposureCount[]
  metrics: MetricAggregate[]
  /** Events dropped since the last batch because a bound was reached. */
  dropped: number
}

export interface EventAggregator {
  /** Counts one evaluation of `flag` that served `variation`. */
  exposure(flag: string, variation: number): void
  /** Records a tracked event: a count, or a measurement when `value` is a finite number. */
  metric(metric: string, flag: string, variation: number, value?: number): void
  /** Counts events dropped elsewhere (a full retry queue), to report in the next batch. */
  drop(count: number): void
  readonly isEmpty: boolean
  /** Everything aggregated since the last drain, as a batch; `undefined` when there is none. */
  drain(now: number, id: string): EventBatch | undefined
}

interface MetricCell {
  count: number
  sum: number
  sumSquares: number
}

/**
 * @example
 * const events = createEventAggregator()
 * events.exposure('new-checkout', 1)
 * events.metric('checkout-error', 'new-checkout', 1)
 * const batch = events.drain(Date.now(), crypto.randomUUID())
 */
export function createEventAggregator(options: { maxEntries?: number } = {}): EventAggregator {
  const maxEntries = options.maxEntries ?? 10_000
  // flag -> exposures by variation; metric + NUL + flag -> cells by variation. NUL cannot occur
  // in keys of the spec's format.
  let exposures = new Map<string, number[]>()
  let metrics = new Map<string, MetricCell[]>()
  let dropped = 0
  let startedAt: number | undefined

  /** The entry for `key`, made if there is room; undefined (and a drop counted) if not. */
  function entry<T>(map: Map<string, T[]>, key: string): T[] | undefined {
    let list = map.get(key)
    if (list === undefined) {
      if (exposures.size + metrics.size >= maxEntries) {
        dropped++
        return undefined
      }
      map.set(key, (list = []))
    }
    return list
  }

  return {
    exposure(flag, variation) {
      const counts = entry(exposures, flag)
      if (counts) counts[variation] = (counts[variation] ?? 0) + 1
    },

    metric(metric, flag, variation, value) {
      // A tracked event stands for an exposed context: a batch never counts more events of a
      // variation than exposures of it, which the server refuses as implausible.
      const counts = entry(exposures, flag)
      const cells = counts && entry(metrics, metric + '\u0000' + flag)
      if (!cells) return
      const cell = (cells[variation] ??= { count: 0, sum: 0, sumSquares: 0 })
      cell.count++
      if ((counts[variation] ?? 0) < cell.count) counts[variation] = cell.count
      // Number.isFinite is false for anything but a number (undefined included).
      if (Number.isFinite(value)) {
        cell.sum += value!
        cell.sumSquares += value! * value!
      }
    },

    drop(count) {
      dropped += count
    },

    get isEmpty() {
      return exposures.size + metrics.size + dropped === 0
    },

    drain(now, id) {
      if (exposures.size + metrics.size + dropped === 0) return undefined
      const batch: EventBatch = {
        id,
        startedAt: startedAt ?? now,
        endedAt: now,
        exposures: [],
        metrics: [],
        dropped,
      }
      exposures.forEach((counts, flag) =>
        counts.forEach((count, variation) => batch.exposures.push({ flag, variation, count })),
      )
      metrics.forEach((cells, key) => {
        const [metric, flag] = key.split('\u0000') as [string, string]
        cells.forEach((cell, variation) => batch.metrics.push({ metric, flag, variation, ...cell }))
      })
      exposures = new Map()
      metrics = new Map()
      dropped = 0
      startedAt = now
      return batch
    },
  }
}
