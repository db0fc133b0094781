/**
 * The guard's data as the admin API and the webhook show it (the contract of issue 8): a
 * guard's settings, its state, the figures per variation within its observation window, the
 * comparison of each variation against control, and the per-minute series for the chart.
 */

import type {
  WindowSources,
  Comparison,
  GuardAction,
  GuardKind,
  GuardSettings,
  VariationFigures,
} from '@andon/core'

export type {
  GuardKind,
  WorseWhen,
  GuardAction,
  GuardState,
  GuardSettings,
  VariationFigures,
  Comparison,
  SeriesPoint,
  LeftOutSource,
  WindowSources,
  GuardStatus,
  FlagGuards,
} from '@andon/core'

/** A guard as `PUT .../guards` takes it: `control` defaults to the flag's offVariation. */
export type GuardInput = Omit<GuardSettings, 'control'> & { control?: number }

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
  /** How many sources the decisive figures came from (the trust model). */
  sources: WindowSources
}
