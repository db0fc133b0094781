/**
 * A guard's status as the admin API shows it: its settings, its state and comparisons as
 * judged on the trusted figures, and every figure that arrived (the trust model leaves one
 * source out of the decision, not out of sight).
 */
import { assessStrata } from './assess.js'
import type { GuardSettings, GuardStatus, SeriesPoint } from './guard-model.js'
import { trustedFigures, type WindowFigures } from './window.js'

export interface StoredGuard {
  settings: GuardSettings
  trippedAt: number | null
  since: number
  figures: WindowFigures
  series: SeriesPoint[]
}

export function guardStatus(guard: StoredGuard, variationCount: number): GuardStatus {
  const { settings } = guard
  const trusted = trustedFigures(settings, guard.figures)
  const judged = assessStrata(settings, variationCount, trusted.totals)
  return {
    ...settings,
    sources: trusted.sources,
    state: guard.trippedAt === null ? judged.state : 'tripped',
    since: guard.since,
    trippedAt: guard.trippedAt,
    variations: assessStrata(settings, variationCount, guard.figures.totals).variations,
    comparisons: judged.comparisons,
    series: guard.series,
  }
}
