/**
 * What a flag list reads to bring an environment's kept closed days (insights/closed-days.ts)
 * up to date, the same for both stores: the days closed since the period was kept, of every
 * flag kept, then the closed days of the flags it lacks. Each store runs a read with its own
 * query and hands the rows to `chart`, in order.
 */
import {
  chartsToExtend,
  extendCharts,
  fewOf,
  keepCharts,
  missingFrom,
  type ClosedDaysCache,
  type ClosedPeriod,
} from '../../insights/closed-days.js'
import type { FlagEvaluations } from '../../insights/insights-model.js'
import { chartEvaluations } from './insights-answers.js'
import type { BucketRow } from './insights-cells.js'

export interface ClosedDaysRead {
  from: number
  to: number
  /** Some flags' days only; every flag's when undefined. */
  flagIds?: readonly number[]
  chart(rows: readonly BucketRow[]): void
}

export function closedDaysReads(
  cache: ClosedDaysCache,
  period: ClosedPeriod,
  flags: ReadonlyMap<number, FlagEvaluations>,
  from: number,
  split: number,
): ClosedDaysRead[] {
  const reads: ClosedDaysRead[] = []
  const covered = period.covered
  if (covered < split) {
    // A period made from an earlier one: the days closed since, of every flag kept.
    const tail = chartsToExtend(period)
    reads.push({
      from: covered,
      to: split,
      chart: (rows) => {
        chartEvaluations(tail, rows)
        extendCharts(cache, period, tail, covered, split)
      },
    })
  }
  const missing = missingFrom(period, flags)
  if (missing.size > 0) {
    reads.push({
      from,
      to: split,
      flagIds: fewOf(missing, flags),
      chart: (rows) => {
        chartEvaluations(missing, rows)
        keepCharts(cache, period, missing)
      },
    })
  }
  return reads
}
