/**
 * The flag list's charts of the days that can no longer change, kept in memory by each store.
 * Every minute before the roll-ups' reach (`until`) is in the daily roll-ups and none is added
 * there again (the roll-ups only add minutes from `until` on), so a day that ended before the
 * day of `until` is final in the database, whichever process rolled it up (retention deletes
 * only days older than any period asked for). A repeated flag list then reads only the open
 * days and the minutes not rolled up, and puts the charts of the closed days in front; the
 * first list of a period (a new day, another `days`) counts its closed days once. Bounded: a
 * few periods, and a number of points across them.
 */
import type { EvaluationPoint, FlagEvaluations } from './insights-model.js'
import { DAY } from './periods.js'

/** One flag's closed days: its exposures by variation and its daily points, oldest first. */
export interface ClosedChart {
  /** The variation count the chart was counted for (a flag's variations can change). */
  variations: number
  totals: readonly number[]
  series: readonly EvaluationPoint[]
}

/**
 * The closed days [from, to) of one environment: each flag's chart, by flag id, of the days
 * before `covered`; the caller charts the days [covered, to) of every one (a period made from
 * an earlier one, when a day closed), and then the flags it lacks.
 */
export interface ClosedPeriod {
  readonly charts: Map<number, ClosedChart>
  covered: number
}

export interface ClosedDaysCache {
  /** The period's charts kept so far (none at first); the caller adds the missing ones. */
  period(envId: number, from: number, to: number): ClosedPeriod
  /** Counts the points the caller added to a period, and drops periods beyond the bounds. */
  added(period: ClosedPeriod, points: number): void
}

export interface ClosedDaysBounds {
  /** Periods kept (the flag list asks for a few: 7, 30, 90 days...). */
  periods: number
  /** Points kept across them: some 70 bytes each (a year of 1,000 flags is 365,000). */
  points: number
}

const DEFAULT_BOUNDS: ClosedDaysBounds = { periods: 6, points: 500_000 }

interface Entry extends ClosedPeriod {
  id: string
  envId: number
  from: number
  to: number
  points: number
}

/** The charts of `base` from `from` on: its points of earlier days left out of each. */
function laterCharts(base: ClosedPeriod, from: number): [Map<number, ClosedChart>, number] {
  const charts = new Map<number, ClosedChart>()
  let points = 0
  for (const [id, c] of base.charts) {
    const series = c.series.filter((p) => p.at >= from)
    const totals = Array.from({ length: c.variations }, () => 0)
    for (const p of series)
      for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] ?? 0) + (p.counts[i] ?? 0)
    charts.set(id, { variations: c.variations, totals, series })
    points += series.length + 1
  }
  return [charts, points]
}

export function createClosedDaysCache(bounds = DEFAULT_BOUNDS): ClosedDaysCache {
  // In the order of use, least recent first (a Map keeps the order of insertion).
  const entries = new Map<string, Entry>()
  let points = 0
  // Drops the least recently used periods until the rest are within the bounds.
  const trim = () => {
    for (const e of entries.values()) {
      if (entries.size <= bounds.periods && points <= bounds.points) return
      entries.delete(e.id)
      points -= e.points
    }
  }
  return {
    period(envId, from, to) {
      const id = `${envId}/${from}/${to}`
      let e = entries.get(id)
      if (e === undefined) {
        e = { id, envId, from, to, charts: new Map(), covered: to, points: 0 }
        // A day closed, or a shorter period asked for: the kept period that reaches furthest
        // into this one gives the charts of its days, so that only the later ones are read.
        let base: Entry | undefined
        for (const b of entries.values())
          if (b.envId === envId && b.from <= from && b.to > from && b.to <= to)
            if (base === undefined || b.to > base.to) base = b
        if (base !== undefined) {
          const [charts, kept] = laterCharts(base, from)
          e = { ...e, charts, covered: base.to, points: kept }
          points += kept
        }
      } else entries.delete(id)
      entries.set(id, e)
      trim()
      return e
    },
    added(period, added) {
      const e = period as Entry
      e.points += added
      if (entries.get(e.id) === e) points += added
      trim()
    },
  }
}

/** The start of the first day that may still change: the day of the roll-ups' reach. */
export const closedUntil = (from: number, until: number) => Math.max(from, until - (until % DAY))

/**
 * The listed flags whose closed chart the period lacks (new to it, or whose variation count
 * changed), each with no figures yet: the caller charts their closed days' rows into them.
 */
export function missingFrom(
  period: ClosedPeriod,
  flags: ReadonlyMap<number, FlagEvaluations>,
): Map<number, FlagEvaluations> {
  const missing = new Map<number, FlagEvaluations>()
  for (const [id, f] of flags)
    if (period.charts.get(id)?.variations !== f.variations)
      missing.set(id, {
        ...f,
        totals: Array.from({ length: f.variations }, () => 0),
        series: [],
      })
  return missing
}

/**
 * The missing flags' ids when they are few (a read by flag), else none: every flag's closed
 * days are then read at once.
 */
export const fewOf = (
  missing: ReadonlyMap<number, unknown>,
  flags: ReadonlyMap<number, unknown>,
) => (missing.size <= 500 && missing.size < flags.size / 2 ? [...missing.keys()] : undefined)

/**
 * Each kept chart of the period, with no figures yet, to chart the days [covered, to) into
 * (`extendCharts` then adds them).
 */
export function chartsToExtend(period: ClosedPeriod): Map<number, FlagEvaluations> {
  const fresh = new Map<number, FlagEvaluations>()
  for (const [id, c] of period.charts)
    fresh.set(id, {
      flag: '',
      variations: c.variations,
      lastEvaluatedAt: null,
      totals: Array.from({ length: c.variations }, () => 0),
      series: [],
    })
  return fresh
}

/**
 * Adds the days [from, to), charted, to the kept charts: the period now covers them. Once:
 * a request that read them while another added them leaves the charts as they are.
 */
export function extendCharts(
  cache: ClosedDaysCache,
  period: ClosedPeriod,
  charted: ReadonlyMap<number, FlagEvaluations>,
  from: number,
  to: number,
): void {
  if (period.covered !== from) return
  let points = 0
  for (const [id, f] of charted) {
    const c = period.charts.get(id)
    if (c === undefined || f.series.length === 0) continue
    const totals = c.totals.map((t, i) => t + (f.totals[i] ?? 0))
    period.charts.set(id, { variations: c.variations, totals, series: [...c.series, ...f.series] })
    points += f.series.length
  }
  period.covered = to
  cache.added(period, points)
}

/** Keeps the charts of the missing flags, counted from their closed days' rows. */
export function keepCharts(
  cache: ClosedDaysCache,
  period: ClosedPeriod,
  charted: ReadonlyMap<number, FlagEvaluations>,
): void {
  let points = 0
  for (const [id, f] of charted) {
    period.charts.set(id, { variations: f.variations, totals: f.totals, series: f.series })
    points += f.series.length + 1
  }
  cache.added(period, points)
}

/** Puts each flag's closed chart in front of its open days' totals and points. */
export function addClosedDays(period: ClosedPeriod, flags: ReadonlyMap<number, FlagEvaluations>) {
  for (const [id, f] of flags) {
    const closed = period.charts.get(id)
    if (closed === undefined) continue
    for (let i = 0; i < f.totals.length; i++)
      f.totals[i] = (f.totals[i] ?? 0) + (closed.totals[i] ?? 0)
    f.series = [...closed.series, ...f.series]
  }
}
