/**
 * The insights answers shaped for charts and their data tables: buckets with no exposures
 * filled with zeros, an experiment's cumulative value per variation, and the words and numbers
 * people read (percentages, durations, "3 h ago").
 */
import type { Evaluations, Experiment, FlagEvaluations } from './insights-model.js'

const STEP_MS = { hour: 60 * 60 * 1000, day: 24 * 60 * 60 * 1000 } as const

/** Every bucket of the period, oldest first, with its counts by variation (zeros when none). */
export function denseSeries(
  answer: Pick<Evaluations, 'step' | 'from' | 'to'>,
  flag: Pick<FlagEvaluations, 'variations' | 'series'>,
): { at: number; counts: number[] }[] {
  const step = STEP_MS[answer.step]
  const byAt = new Map(flag.series.map((p) => [p.at, p.counts]))
  const out: { at: number; counts: number[] }[] = []
  for (let at = answer.from; at <= answer.to; at += step) {
    out.push({ at, counts: byAt.get(at) ?? Array.from({ length: flag.variations }, () => 0) })
  }
  return out
}

/**
 * Per bucket and variation, the experiment's value so far (events per exposure, or the mean
 * of the events), null before a variation's first exposure or event: the line an experiment
 * settles along.
 */
export function cumulativeValues(experiment: Pick<Experiment, 'series' | 'kind' | 'variations'>): {
  at: number[]
  values: (number | null)[][]
} {
  const at = [...new Set(experiment.series.map((p) => p.at))].sort((a, b) => a - b)
  const index = new Map(at.map((t, i) => [t, i]))
  const n = experiment.variations.length
  const per = Array.from({ length: n }, () => at.map(() => ({ exposures: 0, count: 0, sum: 0 })))
  for (const p of experiment.series) {
    const cell = per[p.variation]?.[index.get(p.at) ?? -1]
    if (cell === undefined) continue
    cell.exposures += p.exposures
    cell.count += p.count
    cell.sum += p.sum
  }
  const values = per.map((cells) => {
    let exposures = 0
    let count = 0
    let sum = 0
    return cells.map((c) => {
      exposures += c.exposures
      count += c.count
      sum += c.sum
      if (experiment.kind === 'rate') return exposures > 0 ? count / exposures : null
      return count > 0 ? sum / count : null
    })
  })
  return { at, values }
}

export function formatPercent(x: number | null, digits = 1): string {
  return x === null ? '–' : `${(x * 100).toFixed(digits)} %`
}

export function formatNumber(x: number | null): string {
  if (x === null) return '–'
  return Math.abs(x) >= 1000
    ? Math.round(x).toLocaleString('en-US')
    : String(Number(x.toPrecision(4)))
}

/** A duration in the largest unit that keeps it readable: "45 min", "3.5 h", "2.0 d". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–'
  const minutes = ms / 60_000
  if (minutes < 90) return `${Math.round(minutes)} min`
  const hours = minutes / 60
  if (hours < 48) return `${hours.toFixed(1)} h`
  return `${(hours / 24).toFixed(1)} d`
}

/** When, relative to now: "never", "5 min ago", "3 h ago", "12 d ago". */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return 'never'
  const minutes = Math.max(0, Math.round((now - at) / 60_000))
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} d ago`
}

export function formatBucket(at: number, step: 'hour' | 'day' | 'week'): string {
  const iso = new Date(at).toISOString()
  return step === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10)
}
