/**
 * The insights answers of the server (server/src/insights/insights-model.ts and the routes'
 * schemas), as the admin UI reads them.
 */
import type { JsonValue } from '@andon/core'

export type Step = 'hour' | 'day'

export interface FlagEvaluations {
  flag: string
  variations: number
  lastEvaluatedAt: number | null
  totals: number[]
  series: { at: number; counts: number[] }[]
}

export interface Evaluations {
  environment: string
  step: Step
  from: number
  to: number
  flags: FlagEvaluations[]
}

export interface Interval {
  low: number | null
  high: number | null
}

export interface Experiment {
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
    interval: Interval | null
    lift: number | null
    liftInterval: Interval | null
  }[]
  sampleRatio: {
    chiSquare: number
    degreesOfFreedom: number
    pValue: number
    mismatch: boolean
  } | null
  series: { at: number; variation: number; exposures: number; count: number; sum: number }[]
}

export interface DeliveryWeek {
  environment: string
  week: string
  releases: number
  failures: number
  changeFailureRate: number | null
  timeToRestore: { median: number | null; count: number }
  leadTime: { median: number | null; count: number }
}

export type StaleReason = 'not-evaluated' | 'single-variation' | 'no-code-refs'

export interface StaleReport {
  days: number
  codeRefsKnown: boolean
  flags: {
    flag: string
    environment: string
    reasons: StaleReason[]
    lastEvaluatedAt: number | null
    servedVariation: number | null
    lastChangedAt: number | null
    codeRefs: number
  }[]
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
