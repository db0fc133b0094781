/**
 * The insights answers of the API (evaluations over time, an experiment's results, delivery
 * per week, the stale-flag report, code references): the server computes them, the admin UI
 * and the CLI read them, all through these types.
 */
import type { JsonValue } from './model.js'

export type Step = 'hour' | 'day'

/** Evaluations (exposures) in one bucket, by variation index. */
export interface EvaluationPoint {
  at: number
  counts: number[]
}

export interface FlagEvaluations {
  flag: string
  variations: number
  /** The last minute with an exposure (a day's start when older than the minutes kept). */
  lastEvaluatedAt: number | null
  /** Exposures within the answer's period, by variation. */
  totals: number[]
  /** Buckets with exposures, oldest first; the others had none. */
  series: EvaluationPoint[]
}

export interface EvaluationsAnswer {
  environment: string
  step: Step
  from: number
  to: number
  flags: FlagEvaluations[]
}

/** One bucket of an experiment's figures for one variation: exposures and the metric's. */
export interface ExperimentPoint {
  at: number
  variation: number
  exposures: number
  count: number
  sum: number
}

export type StaleReason = 'not-evaluated' | 'single-variation' | 'no-code-refs'

export interface StaleFlag {
  flag: string
  environment: string
  reasons: StaleReason[]
  lastEvaluatedAt: number | null
  /** The one variation served in the period, when reason `single-variation`. */
  servedVariation: number | null
  /** The last change of the flag's configuration here. */
  lastChangedAt: number | null
  codeRefs: number
}

export interface StaleReport {
  days: number
  /** Whether any repository uploaded code references: without, `no-code-refs` is not judged. */
  codeRefsKnown: boolean
  flags: StaleFlag[]
}

export interface CodeRefUploadResult {
  repository: string
  commit: string
  uploadedAt: number
  refs: number
  flags: number
  /** Keys in the upload that name no live flag (typos, or flags not made yet). */
  unknownFlags: string[]
}

export interface FlagCodeRefs {
  flag: string
  repositories: {
    repository: string
    commit: string
    uploadedAt: number
    refs: { file: string; line: number; column: number; text: string }[]
  }[]
}

export interface JsonInterval {
  low: number | null
  high: number | null
}

export interface ExperimentView {
  flag: string
  environment: string
  metric: string | null
  metrics: string[]
  kind: 'rate' | 'mean'
  control: number
  alpha: number
  from: number
  to: number
  step: Step
  variations: {
    variation: number
    value: JsonValue
    weight: number | null
    contexts: number
    events: number
    estimate: number | null
    interval: JsonInterval | null
    lift: number | null
    liftInterval: JsonInterval | null
  }[]
  sampleRatio: {
    chiSquare: number
    degreesOfFreedom: number
    pValue: number
    mismatch: boolean
  } | null
  series: ExperimentPoint[]
}

export interface DeliveryWeek {
  environment: string
  /** The Monday the week starts on, `YYYY-MM-DD`. */
  week: string
  releases: number
  failures: number
  /** failures / releases; null without releases. */
  changeFailureRate: number | null
  /** Median milliseconds, and how many restores it is the median of. */
  timeToRestore: { median: number | null; count: number }
  leadTime: { median: number | null; count: number }
}
