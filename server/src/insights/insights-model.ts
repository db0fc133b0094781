/**
 * What the store answers for insights: evaluations over time, an experiment's raw figures, the
 * stale-flag report and code references. The statistics (experiment.ts, delivery.ts) are
 * computed from these by the routes, so a second store implementation only reads figures.
 */
import type { ExperimentPoint, JsonValue, Step } from '@andon/core'

export type {
  Step,
  EvaluationPoint,
  FlagEvaluations,
  EvaluationsAnswer,
  ExperimentPoint,
  StaleReason,
  StaleFlag,
  StaleReport,
  CodeRefUploadResult,
  FlagCodeRefs,
} from '@andon/core'
import type { ArmTotals } from './experiment.js'

export interface EvaluationsQuery {
  step: Step
  /** Start of the first bucket, ms since the epoch. */
  from: number
  /** Only this flag. */
  flag?: string
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
