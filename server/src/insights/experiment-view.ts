/**
 * The experiment view of one flag and metric: the store's figures with the statistics of
 * experiment.ts, as the API answers them (an unbounded interval end is null in JSON).
 */
import type { ExperimentView, JsonInterval } from '@andon/core'
import { experimentResults, type ArmTotals } from './experiment.js'
import type { Interval } from './confidence-sequence.js'
import type { ExperimentFigures } from './insights-model.js'

export type { ExperimentView, JsonInterval } from '@andon/core'

export interface ExperimentOptions {
  metric: string | null
  kind?: 'rate' | 'mean'
  control?: number
  alpha: number
  from: number
  to: number
}

const finite = (x: number) => (Number.isFinite(x) ? x : null)
const json = (i: Interval | null): JsonInterval | null =>
  i === null ? null : { low: finite(i.low), high: finite(i.high) }

/** Every event of value 1: a conversion, counted as a rate; anything else is averaged. */
function inferKind(arms: readonly ArmTotals[]): 'rate' | 'mean' {
  return arms.every((a) => a.sum === a.count && a.sumSquares === a.count) ? 'rate' : 'mean'
}

export function experimentView(figures: ExperimentFigures, o: ExperimentOptions): ExperimentView {
  const kind = o.kind ?? figures.guard?.kind ?? inferKind(figures.totals)
  const control = Math.min(o.control ?? figures.guard?.control ?? 0, figures.variations.length - 1)
  const result = experimentResults({
    kind,
    control,
    variations: figures.totals,
    ...(figures.weights === null ? {} : { weights: figures.weights }),
    alpha: o.alpha,
  })
  return {
    flag: figures.flag,
    environment: figures.environment,
    metric: o.metric,
    metrics: figures.metrics,
    kind,
    control,
    alpha: o.alpha,
    from: o.from,
    to: o.to,
    step: figures.step,
    variations: figures.variations.map((value, i) => {
      const r = result.variations[i]
      const arm = figures.totals[i]
      const measured = o.metric !== null && r !== undefined
      return {
        variation: i,
        value,
        weight: figures.weights?.[i] ?? null,
        contexts: arm?.contexts ?? 0,
        events: arm?.count ?? 0,
        estimate: measured ? r.value : null,
        interval: measured ? json(r.interval) : null,
        lift: measured ? r.lift : null,
        liftInterval: measured ? json(r.liftInterval) : null,
      }
    }),
    sampleRatio: result.sampleRatio,
    series: figures.series,
  }
}
