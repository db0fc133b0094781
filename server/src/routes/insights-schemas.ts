/**
 * zod schemas of the insights routes: the queries and the code-reference upload they accept
 * (422 with the issues otherwise), and the answers, for the OpenAPI document.
 */
import { z } from 'zod'
import { jsonValueSchema, keySchema } from '@andon/core'
import type {
  CodeRefUploadResult,
  EvaluationsAnswer,
  FlagCodeRefs,
  StaleReport,
} from '../insights/insights-model.js'
import type { DeliveryWeek } from '../insights/delivery.js'

const epochMs = z.number().int().describe('milliseconds since the epoch')
const count = z.number().int().nonnegative()
const days = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback)

export const evaluationsQuery = z.object({
  days: days(400, 30).describe('days back, today included (daily buckets)'),
})

export const flagEvaluationsQuery = z
  .object({
    days: days(400, 7),
    step: z.enum(['hour', 'day']).default('hour'),
  })
  .refine((q) => q.step === 'day' || q.days <= 90, {
    message: 'hourly figures are kept for 90 days',
    path: ['days'],
  })

const metricName = z.string().min(1).max(200)

export const experimentQuery = z.object({
  metric: metricName.optional().describe("default: the flag's first tracked metric"),
  kind: z
    .enum(['rate', 'mean'])
    .optional()
    .describe("default: the metric's guard's, else inferred"),
  control: z.coerce.number().int().min(0).optional(),
  days: days(90, 30),
  alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
})

export const deliveryQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
})

export const staleQuery = z.object({ days: days(400, 30) })

export const codeRefsBody = z.strictObject({
  repository: z.string().trim().min(1).max(300),
  commit: z.string().trim().min(1).max(100),
  refs: z
    .array(
      z.strictObject({
        flag: keySchema,
        file: z.string().min(1).max(1000),
        line: z.number().int().positive(),
        column: z.number().int().positive().optional(),
        text: z.string().max(200).optional(),
      }),
    )
    .max(20_000),
})

const variationCounts = z.array(count).describe('by variation index')

export const evaluationsAnswer = z
  .object({
    environment: z.string(),
    step: z.enum(['hour', 'day']),
    from: epochMs,
    to: epochMs,
    flags: z.array(
      z.object({
        flag: z.string(),
        variations: count,
        lastEvaluatedAt: epochMs.nullable(),
        totals: variationCounts,
        series: z
          .array(z.object({ at: epochMs, counts: variationCounts }))
          .describe('buckets with exposures, oldest first; the others had none'),
      }),
    ),
  })
  .meta({ id: 'Evaluations' }) satisfies z.ZodType<EvaluationsAnswer>

const interval = z
  .object({ low: z.number().nullable(), high: z.number().nullable() })
  .describe('always-valid; null where unbounded (too few samples)')

export const experimentAnswer = z
  .object({
    flag: z.string(),
    environment: z.string(),
    metric: z.string().nullable(),
    metrics: z.array(z.string()),
    kind: z.enum(['rate', 'mean']),
    control: count,
    alpha: z.number(),
    from: epochMs,
    to: epochMs,
    step: z.enum(['hour', 'day']),
    variations: z.array(
      z.object({
        variation: count,
        value: jsonValueSchema,
        weight: z.number().nullable(),
        contexts: count.describe('exposures of the variation'),
        events: count,
        estimate: z.number().nullable().describe('the rate or mean; null without a metric'),
        interval: interval.nullable(),
        lift: z.number().nullable().describe('against control; null for control'),
        liftInterval: interval.nullable(),
      }),
    ),
    sampleRatio: z
      .object({
        chiSquare: z.number(),
        degreesOfFreedom: count,
        pValue: z.number(),
        mismatch: z.boolean(),
      })
      .nullable()
      .describe("the split against the rollout's weights; null without a rollout"),
    series: z.array(
      z.object({
        at: epochMs,
        variation: count,
        exposures: count,
        count,
        sum: z.number(),
      }),
    ),
  })
  .meta({ id: 'Experiment' })

const median = z.object({ median: z.number().nullable(), count })

export const deliveryAnswer = z
  .object({
    environment: z.string(),
    weeks: z.array(
      z.object({
        environment: z.string(),
        week: z.string().describe('the Monday the week starts on (UTC)'),
        releases: count,
        failures: count,
        changeFailureRate: z.number().nullable(),
        timeToRestore: median.describe('milliseconds'),
        leadTime: median.describe('milliseconds'),
      }) satisfies z.ZodType<DeliveryWeek>,
    ),
  })
  .meta({ id: 'Delivery' })

export const staleAnswer = z
  .object({
    days: count,
    codeRefsKnown: z.boolean(),
    flags: z.array(
      z.object({
        flag: z.string(),
        environment: z.string(),
        reasons: z.array(z.enum(['not-evaluated', 'single-variation', 'no-code-refs'])),
        lastEvaluatedAt: epochMs.nullable(),
        servedVariation: count.nullable(),
        lastChangedAt: epochMs.nullable(),
        codeRefs: count,
      }),
    ),
  })
  .meta({ id: 'StaleReport' }) satisfies z.ZodType<StaleReport>

export const codeRefsUploadAnswer = z
  .object({
    repository: z.string(),
    commit: z.string(),
    uploadedAt: epochMs,
    refs: count,
    flags: count,
    unknownFlags: z.array(z.string()),
  })
  .meta({ id: 'CodeRefUpload' }) satisfies z.ZodType<CodeRefUploadResult>

export const flagCodeRefsAnswer = z
  .object({
    flag: z.string(),
    repositories: z.array(
      z.object({
        repository: z.string(),
        commit: z.string(),
        uploadedAt: epochMs,
        refs: z.array(z.object({ file: z.string(), line: count, column: count, text: z.string() })),
      }),
    ),
  })
  .meta({ id: 'FlagCodeRefs' }) satisfies z.ZodType<FlagCodeRefs>
