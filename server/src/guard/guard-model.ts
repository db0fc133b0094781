/**
 * The guard's data as the admin API and the webhook show it (the contract of issue 8): a
 * guard's settings, its state, the figures per variation within its observation window, the
 * comparison of each variation against control, and the per-minute series for the chart.
 */

export type GuardKind = 'rate' | 'mean'
export type WorseWhen = 'higher' | 'lower'
export type GuardAction = 'disable' | 'notify'
export type GuardState = 'waiting' | 'watching' | 'tripped'

/** A guard as the admin sets it, defaults applied. */
export interface GuardSettings {
  metric: string
  kind: GuardKind
  worseWhen: WorseWhen
  threshold: number
  minSamples: number
  control: number
  action: GuardAction
  alpha: number
}

/** A guard as `PUT .../guards` takes it: `control` defaults to the flag's offVariation. */
export type GuardInput = Omit<GuardSettings, 'control'> & { control?: number }

/** What one variation saw of a guard's metric within the window. */
export interface VariationFigures {
  variation: number
  exposures: number
  count: number
  sum: number
  sumSquares: number
  /** The rate (events per exposure) or the mean (sum / count). */
  value: number
}

export interface Comparison {
  variation: number
  excess: number
  likelihoodRatio: number
  bound: number
  regression: boolean
}

export interface SeriesPoint {
  /**
   * Start of the minute, ms since the epoch; in a window longer than a day, the start of a
   * step of several minutes, so that a series never has more than 1,440 points per variation.
   */
  at: number
  variation: number
  exposures: number
  count: number
  sum: number
}

export interface GuardStatus extends GuardSettings {
  state: GuardState
  since: number
  trippedAt: number | null
  variations: VariationFigures[]
  comparisons: Comparison[]
  series: SeriesPoint[]
}

export interface FlagGuards {
  flag: string
  environment: string
  guards: GuardStatus[]
}

/** A decision the guard made, for the webhook: sent after the transaction committed. */
export interface GuardDecision {
  flag: string
  environment: string
  metric: string
  kind: GuardKind
  action: GuardAction
  /** Whether this decision switched the flag off (false for notify, or a flag already off). */
  disabled: boolean
  at: number
  control: VariationFigures
  treatment: VariationFigures
  comparison: Comparison
  threshold: number
  alpha: number
}
