/**
 * The body of `POST /sdk/v1/events`, and what makes a batch implausible. An SDK reports what
 * its aggregator counted; figures that no SDK can produce (more events of a metric than
 * exposures of that variation, counts beyond the caps below, a sum of squares smaller than the
 * sum allows) are refused whole, with a zod issue naming the field, so that nothing of a
 * forged or corrupt batch reaches the guard's totals.
 */
import { z } from 'zod'
import type { EventBatch } from './event-aggregator.js'
import { keySchema } from './schemas.js'

/** The documented caps of one event batch (server README, "Event batches"). */
export const EVENT_BATCH_LIMITS = {
  /** Any one count (exposures, events, dropped) in a batch: no SDK counts 10^9 in one flush. */
  maxCount: 1_000_000_000,
  /** Distinct flags named in a batch: the SDKs' aggregators hold at most 10,000 keys. */
  maxFlags: 10_000,
  /** Entries in each of `exposures` and `metrics`. */
  maxEntries: 100_000,
  /** A tracked value's magnitude: sums then stay far from a double's range. */
  maxValue: 1e12,
} as const

const { maxCount, maxFlags, maxEntries, maxValue } = EVENT_BATCH_LIMITS

const countSchema = z.number().int().nonnegative().max(maxCount)
const variationSchema = z.number().int().nonnegative().max(999)

const exposureSchema = z.object({ flag: keySchema, variation: variationSchema, count: countSchema })

const metricSchema = z
  .object({
    metric: keySchema,
    flag: keySchema,
    variation: variationSchema,
    count: countSchema,
    sum: z.number().finite(),
    sumSquares: z.number().finite().nonnegative(),
  })
  .superRefine((m, ctx) => {
    if (Math.abs(m.sum) > m.count * maxValue) {
      ctx.addIssue({ code: 'custom', path: ['sum'], message: `beyond count × ${maxValue}` })
    }
    if (m.sumSquares > m.count * maxValue * maxValue) {
      ctx.addIssue({ code: 'custom', path: ['sumSquares'], message: `beyond count × ${maxValue}²` })
    }
    // Cauchy-Schwarz: count values whose sum is `sum` have squares adding up to at least sum²/count.
    if (m.count > 0 && m.sumSquares < ((m.sum * m.sum) / m.count) * (1 - 1e-9) - 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['sumSquares'],
        message: 'smaller than sum² / count: no values have this sum and sum of squares',
      })
    }
    if (m.count === 0 && (m.sum !== 0 || m.sumSquares !== 0)) {
      ctx.addIssue({ code: 'custom', path: ['sum'], message: 'a sum without events' })
    }
  })

/** The body of `POST /sdk/v1/events`: aggregated exposures and metric events of one SDK. */
export const eventBatchSchema = z
  .object({
    id: z.string().min(8).max(128),
    startedAt: z.number().int().nonnegative(),
    endedAt: z.number().int().nonnegative(),
    exposures: z.array(exposureSchema).max(maxEntries),
    metrics: z.array(metricSchema).max(maxEntries),
    dropped: countSchema,
  })
  .superRefine((batch, ctx) => {
    const exposed = new Map<string, number>()
    for (const e of batch.exposures) {
      const cell = `${e.flag}\u0000${e.variation}`
      exposed.set(cell, (exposed.get(cell) ?? 0) + e.count)
    }
    const events = new Map<string, number>()
    batch.metrics.forEach((m, i) => {
      const cell = `${m.metric}\u0000${m.flag}\u0000${m.variation}`
      const count = (events.get(cell) ?? 0) + m.count
      events.set(cell, count)
      const exposures = exposed.get(`${m.flag}\u0000${m.variation}`) ?? 0
      if (count > exposures) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'count'],
          message: `${count} events of '${m.metric}' but ${exposures} exposures of variation ${m.variation} of '${m.flag}' in this batch`,
        })
      }
    })
    const flags = new Set([...batch.exposures, ...batch.metrics].map((e) => e.flag))
    if (flags.size > maxFlags) {
      ctx.addIssue({
        code: 'custom',
        path: ['exposures'],
        message: `names ${flags.size} distinct flags; a batch may name at most ${maxFlags}`,
      })
    }
  }) satisfies z.ZodType<EventBatch>
