/**
 * The flag list's evaluations of one flag in one environment: a sparkline of exposures per day
 * (all variations), the total and when it was last evaluated. The chart is drawn once the row
 * is near the viewport.
 */
import { useMemo } from 'react'
import { useVisible } from '../hooks/useVisible.js'
import type { Evaluations, FlagEvaluations } from '../lib/insights-model.js'
import { denseSeries, formatAgo, formatBucket } from '../lib/insights-series.js'
import { TimeChart } from './TimeChart.js'

export function EvaluationsCell(props: { answer: Evaluations; flag: FlagEvaluations | undefined }) {
  const { answer, flag } = props
  const [ref, visible] = useVisible<HTMLTableCellElement>()
  const chart = useMemo(() => {
    if (flag === undefined) return undefined
    const points = denseSeries(answer, flag)
    return {
      at: points.map((p) => p.at),
      series: [
        { label: 'Evaluations', values: points.map((p) => p.counts.reduce((a, b) => a + b, 0)) },
      ],
    }
  }, [answer, flag])
  const total = flag?.totals.reduce((a, b) => a + b, 0) ?? 0
  return (
    <td ref={ref} className="evaluations-cell">
      {visible && chart !== undefined && total > 0 && (
        <TimeChart
          id={`evaluations-${flag?.flag}`}
          title={`Evaluations of ${flag?.flag} in ${answer.environment} per day`}
          at={chart.at}
          series={chart.series}
          formatAt={(at) => formatBucket(at, 'day')}
          compact
        />
      )}
      <span className="evaluations-figures">
        <span className="evaluations-total">{total.toLocaleString('en-US')}</span>
        <span className="muted">{formatAgo(flag?.lastEvaluatedAt ?? null, answer.to)}</span>
      </span>
    </td>
  )
}
