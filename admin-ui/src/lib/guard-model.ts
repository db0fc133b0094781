/**
 * The guards of a flag in one environment (issue 8), as core's guard model declares them and
 * the admin API answers them, and what `PUT .../guards` takes for one guard.
 */
import type { GuardSettings } from '@andon/core'

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
