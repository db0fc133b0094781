/**
 * An experiment's results for one tracked metric in one environment: per variation the
 * contexts, the rate or mean with its always-valid interval, the lift against control with
 * its interval, a warning when the split does not fit the rollout's weights, and the value so
 * far per variation over time.
 */
import type { JsonValue } from '@andon/core'
import { useMemo, useState } from 'react'
import { useExperiment } from '../hooks/useInsights.js'
import type { Interval } from '../lib/insights-model.js'
import {
  cumulativeValues,
  formatBucket,
  formatNumber,
  formatPercent,
} from '../lib/insights-series.js'
import { variationLabel } from '../lib/variations.js'
import { ErrorNote } from './ErrorNote.js'
import { TableScroll } from './TableScroll.js'
import { TimeChart } from './TimeChart.js'

/** Module-level, so the chart's effect sees the same function at every render. */
const percent2 = (x: number | null) => formatPercent(x, 2)

const range = (i: Interval | null, f: (x: number | null) => string) =>
  i === null ? '' : `${i.low === null ? '−∞' : f(i.low)} to ${i.high === null ? '∞' : f(i.high)}`

export function ExperimentView(props: {
  flagKey: string
  env: string
  variations: readonly JsonValue[]
}) {
  const { flagKey, env } = props
  const [metric, setMetric] = useState<string>()
  const experiment = useExperiment(flagKey, env, metric, 30)
  const data = experiment.data
  const chart = useMemo(() => (data ? cumulativeValues(data) : undefined), [data])
  const range30 = useMemo<[number, number] | undefined>(
    () => (data ? [data.from, data.to] : undefined),
    [data],
  )
  const chartSeries = useMemo(
    () =>
      chart?.values.map((values, i) => ({
        label: `Variation ${i}: ${variationLabel(props.variations[i])}`,
        values,
      })) ?? [],
    [chart, props.variations],
  )
  const id = `experiment-${env}`
  if (experiment.error) return <ErrorNote error={experiment.error} />
  if (!data) return <p className="muted">Loading the experiment…</p>
  const rate = data.kind === 'rate'
  const fmt = rate ? percent2 : formatNumber
  return (
    <div className="experiment" id={id}>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-metric`}>Metric</label>
          <select
            id={`${id}-metric`}
            value={data.metric ?? ''}
            onChange={(e) => setMetric(e.target.value)}
            disabled={data.metrics.length === 0}
          >
            {data.metrics.length === 0 && <option value="">No tracked metric</option>}
            {data.metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <p className="muted">
          Last 30 days, {rate ? 'events per exposure' : 'mean of the events'}; intervals stay valid
          however often you look ({Math.round((1 - data.alpha) * 100)} %).
        </p>
      </div>
      {data.sampleRatio?.mismatch && (
        <p className="notice notice-error" role="status">
          Sample ratio mismatch: the split of contexts does not fit the rollout’s weights (p ={' '}
          {data.sampleRatio.pValue.toExponential(1)}). Something breaks the assignment; do not trust
          the comparison.
        </p>
      )}
      <TableScroll label={`Experiment results in ${env}`}>
        <table className="experiment-table" id={`${id}-table`}>
          <caption>
            {data.metric === null ? 'Exposures per variation' : `${data.metric} per variation`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Variation</th>
              <th scope="col">Contexts</th>
              <th scope="col">{rate ? 'Rate' : 'Mean'}</th>
              <th scope="col">Interval</th>
              <th scope="col">Lift</th>
              <th scope="col">Lift interval</th>
            </tr>
          </thead>
          <tbody>
            {data.variations.map((v) => (
              <tr key={v.variation}>
                <th scope="row">
                  {v.variation}: {variationLabel(v.value)}
                  {v.variation === data.control ? ' (control)' : ''}
                </th>
                <td>{v.contexts.toLocaleString('en-US')}</td>
                <td>{fmt(v.estimate)}</td>
                <td>{range(v.interval, fmt)}</td>
                <td>{v.lift === null ? '' : formatPercent(v.lift)}</td>
                <td>{range(v.liftInterval, (x) => formatPercent(x))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {data.metric !== null && chart && chart.at.length > 0 && (
        <TimeChart
          id={`${id}-chart`}
          title={`${data.metric}: ${rate ? 'rate' : 'mean'} so far per variation`}
          at={chart.at}
          series={chartSeries}
          formatAt={(at) => formatBucket(at, data.step)}
          formatValue={fmt}
          range={range30}
        />
      )}
    </div>
  )
}
