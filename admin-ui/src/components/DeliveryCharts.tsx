/**
 * Delivery metrics of one environment, week by week: releases and failures as bars, the change
 * failure rate, the median time to restore and the median lead time, each a chart with its
 * data table.
 */
import { useMemo } from 'react'
import { useDelivery } from '../hooks/useInsights.js'
import { formatBucket, formatDuration, formatPercent } from '../lib/insights-series.js'
import { ErrorNote } from './ErrorNote.js'
import { TimeChart } from './TimeChart.js'

const HOUR = 3_600_000
const HALF_WEEK = 3.5 * 24 * HOUR
const SHARE: [number, number] = [0, 1]
const percent0 = (v: number | null) => formatPercent(v, 0)
const hours = (v: number | null) => (v === null ? '–' : formatDuration(v * HOUR))

export function DeliveryCharts(props: { env: string }) {
  const { env } = props
  const delivery = useDelivery(env, 12)
  const weeks = delivery.data
  const charts = useMemo(() => {
    if (!weeks) return undefined
    const at = weeks.map((w) => Date.parse(`${w.week}T00:00:00Z`))
    // Half a week either side: the first and last weeks' bars are drawn whole.
    const range: [number, number] = [(at[0] ?? 0) - HALF_WEEK, (at.at(-1) ?? 0) + HALF_WEEK]
    return {
      at,
      range,
      releases: [
        { label: 'Releases', values: weeks.map((w) => w.releases), bars: true },
        { label: 'Failures', values: weeks.map((w) => w.failures) },
      ],
      rate: [{ label: 'Change failure rate', values: weeks.map((w) => w.changeFailureRate) }],
      // In hours on the chart's axis: a canvas has no unit of its own.
      times: [
        {
          label: 'Time to restore (median)',
          values: weeks.map((w) =>
            w.timeToRestore.median === null ? null : w.timeToRestore.median / HOUR,
          ),
        },
        {
          label: 'Lead time (median)',
          values: weeks.map((w) => (w.leadTime.median === null ? null : w.leadTime.median / HOUR)),
        },
      ],
    }
  }, [weeks])
  const id = `delivery-${env}`
  return (
    <section className="card delivery" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>Delivery in {env}, last 12 weeks</h3>
      <ErrorNote error={delivery.error} />
      {charts && (
        <div className="delivery-charts">
          <TimeChart
            id={`${id}-releases`}
            title={`Releases and failures per week in ${env}`}
            at={charts.at}
            series={charts.releases}
            formatAt={(at) => formatBucket(at, 'week')}
            range={charts.range}
          />
          <TimeChart
            id={`${id}-rate`}
            title={`Change failure rate per week in ${env}`}
            at={charts.at}
            series={charts.rate}
            formatAt={(at) => formatBucket(at, 'week')}
            formatValue={percent0}
            range={charts.range}
            yRange={SHARE}
          />
          <TimeChart
            id={`${id}-times`}
            title={`Time to restore and lead time per week in ${env}`}
            at={charts.at}
            series={charts.times}
            formatAt={(at) => formatBucket(at, 'week')}
            formatValue={hours}
            range={charts.range}
          />
        </div>
      )}
    </section>
  )
}
