/**
 * The guards of a flag in one environment (issue 8) as the admin API sends them: each guard's
 * settings, its state, the figures per variation, the comparisons against control and the
 * per-minute series for the chart. Read leniently: a missing list is empty, never a crash.
 */

export type GuardKind = 'rate' | 'mean'
export type WorseWhen = 'higher' | 'lower'
export type GuardAction = 'disable' | 'notify'
export type GuardState = 'waiting' | 'watching' | 'tripped'

/** What `PUT .../guards` takes for one guard. */
export interface GuardInput {
  metric: string
  kind: GuardKind
  worseWhen: WorseWhen
  threshold: number
  minSamples: number
  control?: number
  action: GuardAction
  alpha?: number
}

export interface VariationFigures {
  variation: number
  exposures: number
  count: number
  sum: number
  sumSquares: number
  /** The rate (events per exposure) or the mean value. */
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
  /** Start of the minute, epoch ms. */
  at: number
  variation: number
  exposures: number
  count: number
  sum: number
}

export interface GuardStatus extends Required<GuardInput> {
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

const arrayOf = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : [])

/** The answer of `GET`/`PUT .../guards`, with every list present. */
export function flagGuardsOf(data: unknown, flag: string, environment: string): FlagGuards {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}
  const guards = arrayOf<Record<string, unknown>>(Array.isArray(data) ? data : record.guards)
  return {
    flag: typeof record.flag === 'string' ? record.flag : flag,
    environment: typeof record.environment === 'string' ? record.environment : environment,
    guards: guards.map(
      (g) =>
        ({
          ...g,
          trippedAt: typeof g.trippedAt === 'number' ? g.trippedAt : null,
          variations: arrayOf(g.variations),
          comparisons: arrayOf(g.comparisons),
          series: arrayOf(g.series),
        }) as GuardStatus,
    ),
  }
}

/** The settings of a guard as `PUT` takes them back. */
export function guardInputOf(guard: GuardStatus): GuardInput {
  const { metric, kind, worseWhen, threshold, minSamples, control, action, alpha } = guard
  return { metric, kind, worseWhen, threshold, minSamples, control, action, alpha }
}
