/**
 * A chart over time drawn by uPlot on a canvas, with the same figures in a data table: a
 * canvas says nothing to a screen reader or a test, the table says all of it. `compact` is the
 * flag list's sparkline: no axes, no legend, its table visually hidden; otherwise the table
 * sits in a <details> below the chart. uPlot draws on a canvas and sets sizes through the
 * CSSOM, which the admin UI's CSP allows (it forbids inline scripts, not style properties);
 * it is loaded with the first chart, a chunk of its own from the same origin.
 */
import { useEffect, useRef } from 'react'
import type uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { TableScroll } from './TableScroll.js'

/** The stylesheet's series colours (.series-0 ... .series-5), for the canvas. */
export const SERIES_COLOURS = ['#2563eb', '#c2410c', '#15803d', '#7c3aed', '#0891b2', '#be185d']

export interface ChartSeries {
  label: string
  values: (number | null)[]
  /** Drawn as bars (counts per bucket) rather than a line. */
  bars?: boolean
}

export interface TimeChartProps {
  id: string
  title: string
  /** Milliseconds since the epoch, one per value of each series. */
  at: number[]
  series: ChartSeries[]
  /** How a bucket is named in the table ("2027-01-15", "2027-01-15 08:00"). */
  formatAt: (at: number) => string
  formatValue?: (v: number | null) => string
  compact?: boolean
  /** The values' axis, when its bounds are known (a share: 0 to 1). */
  yRange?: [number, number]
  height?: number
  /** The period shown, in ms (by default the first and last `at`): one point stays in context. */
  range?: [number, number]
}

const plain = (v: number | null) => (v === null ? '–' : String(v))

export function TimeChart(props: TimeChartProps) {
  const { id, title, at, series, compact = false, range, yRange } = props
  const box = useRef<HTMLDivElement>(null)
  const height = props.height ?? (compact ? 28 : 220)
  const formatValue = props.formatValue ?? plain

  useEffect(() => {
    const el = box.current
    if (el === null) return
    const width = compact ? 120 : Math.max(200, el.clientWidth || 640)
    let plot: uPlot | undefined
    let cancelled = false
    import('uplot')
      .then(({ default: UPlot }) => {
        if (cancelled) return
        plot = new UPlot(
          {
            width,
            height,
            legend: { show: !compact },
            cursor: { show: !compact },
            scales: {
              x: {
                time: true,
                ...(range === undefined
                  ? {}
                  : { range: (): uPlot.Range.MinMax => [range[0] / 1000, range[1] / 1000] }),
              },
              ...(yRange === undefined ? {} : { y: { range: (): uPlot.Range.MinMax => yRange } }),
            },
            axes: compact
              ? [{ show: false }, { show: false }]
              : [{}, { size: 72, values: (_u, ticks) => ticks.map((t) => formatValue(t)) }],
            series: [
              {},
              ...series.map((s, i) => ({
                label: s.label,
                stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
                width: compact ? 1.5 : 2,
                ...(s.bars
                  ? {
                      fill: SERIES_COLOURS[i % SERIES_COLOURS.length],
                      paths: UPlot.paths.bars?.({ size: [0.6, 48] }),
                    }
                  : {}),
                value: (_u: uPlot, v: number | null) => formatValue(v),
              })),
            ],
          },
          [at.map((t) => t / 1000), ...series.map((s) => s.values)],
          el,
        )
      })
      .catch(() => {
        // Without the chart's code (a failed load), the data table still says it all.
      })
    return () => {
      cancelled = true
      plot?.destroy()
    }
  }, [at, series, compact, height, formatValue, range, yRange])

  const table = (
    <table className={compact ? 'visually-hidden' : 'chart-table'} id={`${id}-data`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Time (UTC)</th>
          {series.map((s) => (
            <th scope="col" key={s.label}>
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {at.map((t, i) => (
          <tr key={t}>
            <th scope="row">{props.formatAt(t)}</th>
            {series.map((s) => (
              <td key={s.label}>{formatValue(s.values[i] ?? null)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
  if (compact) {
    return (
      <span className="sparkline" id={id}>
        <span ref={box} aria-hidden="true" className="sparkline-canvas" />
        {table}
      </span>
    )
  }
  return (
    <figure className="time-chart" id={id} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div ref={box} aria-hidden="true" className="time-chart-canvas" />
      <details>
        <summary>Data table</summary>
        <TableScroll label={`${title}: data`}>{table}</TableScroll>
      </details>
    </figure>
  )
}
