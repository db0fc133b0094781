/**
 * What the store answers for insights: evaluations over time, an experiment's raw figures, the
 * stale-flag report and code references. The statistics (experiment.ts, delivery.ts) are
 * computed from these by the routes, so a second store implementation only reads figures.
 */
import type { JsonValue } from '@andon/core'
import type { ArmTotals } from './experiment.js'

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

export interface EvaluationsQuery {
  step: Step
  /** Start of the first bucket, ms since the epoch. */
  from: number
  /** Only this flag. */
  flag?: string
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

export interface ExperimentFigures {
  flag: string
  environment: string
  variations: JsonValue[]
  /** The metrics the flag tracks in the environment (its guards' and its `metrics`). */
  metrics: string[]
  /** The fallthrough rollout's weights by variation, or null when it serves one variation. */
  weights: number[] | null
  /** The guard of this metric, when there is one: its kind and control are the defaults. */
  guard: { kind: 'rate' | 'mean'; control: number } | null
  /** Per variation: exposures as contexts, and the metric's count, sum and sum of squares. */
  totals: ArmTotals[]
  step: Step
  series: ExperimentPoint[]
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

export interface CodeRefInput {
  flag: string
  file: string
  line: number
  column?: number
  text?: string
}

export interface CodeRefUpload {
  repository: string
  commit: string
  refs: CodeRefInput[]
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
