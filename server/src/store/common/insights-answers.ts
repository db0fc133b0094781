/**
 * How both stores answer insights from the rows they read: evaluations per flag and variation
 * over time (with the last time each flag was served), and an experiment's figures for one
 * metric.
 */
import type { FlagConfig, JsonValue } from '@andon/core'
import type { ExperimentFigures, FlagEvaluations, Step } from '../../insights/insights-model.js'
import type { ArmTotals } from '../../insights/experiment.js'
import { byTime, type BucketRow } from './insights-cells.js'

/** A live flag's variation with the last time it was served (null: not in the figures kept). */
export interface LastRow {
  id: number
  key: string
  variations: number
  variation: number
  last: number | null
}

/** The flags of `lastEvaluated` rows by id, each with its last evaluation and no figures yet. */
export function evaluatedFlags(rows: readonly LastRow[]): Map<number, FlagEvaluations> {
  const byId = new Map<number, FlagEvaluations>()
  for (const r of rows) {
    let f = byId.get(r.id)
    if (f === undefined) {
      f = {
        flag: r.key,
        variations: r.variations,
        lastEvaluatedAt: null,
        totals: Array.from({ length: r.variations }, () => 0),
        series: [],
      }
      byId.set(r.id, f)
    }
    if (r.last !== null) f.lastEvaluatedAt = Math.max(f.lastEvaluatedAt ?? 0, r.last)
  }
  return byId
}

/** Adds exposure buckets (in any order) to the flags' totals and series. */
export function chartEvaluations(
  byId: Map<number, FlagEvaluations>,
  rows: readonly BucketRow[],
): FlagEvaluations[] {
  const points = new Map<number, Map<number, number[]>>()
  for (const r of rows) {
    const f = byId.get(r.flagId)
    if (f === undefined || r.variation >= f.variations) continue
    let byAt = points.get(r.flagId)
    if (byAt === undefined) points.set(r.flagId, (byAt = new Map()))
    let counts = byAt.get(r.at)
    if (counts === undefined)
      byAt.set(r.at, (counts = Array.from({ length: f.variations }, () => 0)))
    counts[r.variation] = (counts[r.variation] ?? 0) + r.count
    f.totals[r.variation] = (f.totals[r.variation] ?? 0) + r.count
  }
  for (const [flagId, byAt] of points) {
    const f = byId.get(flagId) as FlagEvaluations
    f.series = [...byAt].sort((a, b) => a[0] - b[0]).map(([at, counts]) => ({ at, counts }))
  }
  return [...byId.values()]
}

/** The weights of the fallthrough's rollout by variation; null when it serves one variation. */
export function weightsOf(config: FlagConfig, variationCount: number): number[] | null {
  const ft = config.fallthrough
  if (!('rollout' in ft)) return null
  const weights = Array.from({ length: variationCount }, () => 0)
  for (const w of ft.rollout.variations)
    weights[w.variation] = (weights[w.variation] ?? 0) + w.weight
  return weights
}

export interface ExperimentInput {
  flag: string
  environment: string
  variations: JsonValue[]
  config: FlagConfig
  guards: readonly { metric: string; kind: 'rate' | 'mean'; control: number }[]
  metric: string
  step: Step
  /** Buckets of exposures (metric '') and of the metric. */
  rows: readonly BucketRow[]
}

export function experimentAnswer(input: ExperimentInput): ExperimentFigures {
  const { variations, config, guards, metric } = input
  const guard = guards.find((g) => g.metric === metric)
  const totals: ArmTotals[] = variations.map(() => ({
    contexts: 0,
    count: 0,
    sum: 0,
    sumSquares: 0,
  }))
  const points = new Map<string, ExperimentFigures['series'][number]>()
  for (const r of input.rows) {
    const arm = totals[r.variation]
    if (arm === undefined) continue
    const id = `${r.at}\u0000${r.variation}`
    let point = points.get(id)
    if (point === undefined) {
      point = { at: r.at, variation: r.variation, exposures: 0, count: 0, sum: 0 }
      points.set(id, point)
    }
    if (r.metric === '') {
      arm.contexts += r.count
      point.exposures += r.count
    } else {
      arm.count += r.count
      arm.sum += r.sum
      arm.sumSquares += r.sumSquares
      point.count += r.count
      point.sum += r.sum
    }
  }
  return {
    flag: input.flag,
    environment: input.environment,
    variations,
    metrics: [...new Set([...(config.metrics ?? []), ...guards.map((g) => g.metric)])].sort(),
    weights: weightsOf(config, variations.length),
    guard: guard === undefined ? null : { kind: guard.kind, control: guard.control },
    totals,
    step: input.step,
    series: [...points.values()].sort(byTime),
  }
}
