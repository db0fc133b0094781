/**
 * The guard's data as the admin API answers it (issue 8): a guard's settings, its state, the
 * figures per variation within its observation window, the comparison of each variation
 * against control, and the per-minute series for the chart. Shared by the server, which
 * builds it, and the admin UI, which shows it. Types only.
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

/** A client source that a decision leaves out, with what it reported in the window. */
export interface LeftOutSource {
  /** The client's network address. */
  source: string
  exposures: number
  count: number
}

/**
 * Where a window's figures came from (the trust model): client-key figures count per source,
 * a client's address, and the decision leaves out the one source that sways it most.
 */
export interface WindowSources {
  clientSources: number
  /** Whether server keys, which are trusted, reported in the window. */
  serverKeys: boolean
  leftOut: LeftOutSource | null
  /** When the source left out was an outlier, the one left out after it (server README). */
  alsoLeftOut?: LeftOutSource
}

export interface GuardStatus extends GuardSettings {
  state: GuardState
  since: number
  trippedAt: number | null
  /** The sources of the figures the state and comparisons were judged on. */
  sources: WindowSources
  variations: VariationFigures[]
  comparisons: Comparison[]
  series: SeriesPoint[]
}

export interface FlagGuards {
  flag: string
  environment: string
  guards: GuardStatus[]
}
