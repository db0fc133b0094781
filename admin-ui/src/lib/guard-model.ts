/**
 * The guards of a flag in one environment (issue 8) as the admin API sends them: each guard's
 * settings, its state, the figures per variation, the comparisons against control and the
 * per-minute series for the chart. Read leniently: a missing list is empty, never a crash.
 */

import type { FlagGuards, GuardSettings, GuardStatus } from '@andon/core'

export type {
  GuardKind,
  WorseWhen,
  GuardAction,
  GuardState,
  GuardSettings,
  VariationFigures,
  Comparison,
  SeriesPoint,
  GuardStatus,
  FlagGuards,
} from '@andon/core'

/** What `PUT .../guards` takes for one guard: `control` and `alpha` have defaults. */
export type GuardInput = Omit<GuardSettings, 'control' | 'alpha'> &
  Partial<Pick<GuardSettings, 'control' | 'alpha'>>

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
