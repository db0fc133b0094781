/**
 * The chart's data: from the guard's per-minute figures, each variation's metric as it stood
 * at the end of each minute since the observation window opened (cumulative, like the test
 * itself sees it), so the lines settle as samples grow instead of jumping minute to minute.
 */
import type { GuardKind, SeriesPoint } from './guard-model.js'

export const MINUTE_MS = 60_000

export interface CumulativePoint {
  /** When the figure stood: the end of its minute, or now for the minute under way. */
  at: number
  /** The rate (events per exposure) or mean (sum per event) so far. */
  value: number
  /** Exposures for a rate, events for a mean: what the value rests on. */
  samples: number
}

export interface VariationLine {
  variation: number
  points: CumulativePoint[]
}

/** Each variation's cumulative metric per minute, variations in index order. */
export function cumulativeLines(
  series: readonly SeriesPoint[],
  kind: GuardKind,
  now: number,
): VariationLine[] {
  const byVariation = new Map<number, SeriesPoint[]>()
  for (const point of series) {
    const list = byVariation.get(point.variation) ?? []
    list.push(point)
    byVariation.set(point.variation, list)
  }
  return [...byVariation.entries()]
    .sort(([a], [b]) => a - b)
    .map(([variation, points]) => {
      let exposures = 0
      let count = 0
      let sum = 0
      const out: CumulativePoint[] = []
      for (const p of [...points].sort((a, b) => a.at - b.at)) {
        exposures += p.exposures
        count += p.count
        sum += p.sum
        const samples = kind === 'rate' ? exposures : count
        if (samples === 0) continue
        const value = kind === 'rate' ? count / exposures : sum / count
        const at = Math.max(p.at, Math.min(p.at + MINUTE_MS, now))
        const last = out[out.length - 1]
        // Two rows of the same minute (should the server split one) make one point.
        if (last && last.at === at) out.pop()
        out.push({ at, value, samples })
      }
      return { variation, points: out }
    })
    .filter((line) => line.points.length > 0)
}
