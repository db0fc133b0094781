/**
 * The chart of a guard's metric per variation since its window opened, cumulative per minute,
 * with a vertical line at the moment it tripped. Plain SVG: colours come from the stylesheet
 * by class (the CSP forbids style attributes); geometry from lib/guard-chart.ts.
 */
import type { JsonValue } from '@andon/core'
import { chartLayout, formatMetric, pointTitle, type ChartFrame } from '../lib/guard-chart.js'
import type { GuardStatus } from '../lib/guard-model.js'
import { cumulativeLines } from '../lib/guard-series.js'
import { variationLabel } from '../lib/variations.js'

const FRAME: ChartFrame = {
  width: 720,
  height: 260,
  margin: { top: 24, right: 24, bottom: 36, left: 72 },
}

const seriesClass = (variation: number, control: number) =>
  `series series-${variation % 6}${variation === control ? ' series-control' : ''}`

export function GuardChart(props: {
  id: string
  guard: GuardStatus
  variations: readonly JsonValue[]
  now: number
}) {
  const { guard, id } = props
  const lines = cumulativeLines(guard.series, guard.kind, props.now)
  const layout = chartLayout(lines, {
    kind: guard.kind,
    since: guard.since,
    trippedAt: guard.trippedAt,
    frame: FRAME,
  })
  const { plot } = layout
  const what = guard.kind === 'rate' ? `${guard.metric} per exposure` : `mean ${guard.metric}`
  const last = lines.map((l) => {
    const p = l.points[l.points.length - 1]
    return `variation ${variationLabel(props.variations[l.variation])}: ${p ? formatMetric(guard.kind, p.value) : 'no data'}`
  })
  return (
    <figure className="guard-chart">
      <svg
        viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{`${what} per variation over time`}</title>
        <desc id={`${id}-desc`}>
          {lines.length === 0 ? 'No figures yet.' : `Latest: ${last.join('; ')}.`}
          {layout.trip ? ` The guard ${layout.trip.label} UTC.` : ''}
        </desc>
        <g className="chart-grid">
          {layout.yTicks.map((t) => (
            <g key={`y${t.y}`}>
              <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
              <text x={plot.left - 8} y={t.y} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <text key={`x${t.x}`} x={t.x} y={plot.bottom + 20} textAnchor="middle">
              {t.label}
            </text>
          ))}
        </g>
        <line
          className="chart-axis"
          x1={plot.left}
          x2={plot.right}
          y1={plot.bottom}
          y2={plot.bottom}
        />
        {layout.lines.map((line) => (
          <g key={line.variation} className={seriesClass(line.variation, guard.control)}>
            <path d={line.path} fill="none" />
            {line.points.map((p) => (
              <circle key={p.at} cx={p.x} cy={p.y} r={3}>
                <title>
                  {pointTitle(guard, variationLabel(props.variations[line.variation]), p)}
                </title>
              </circle>
            ))}
          </g>
        ))}
        {layout.trip && (
          <g className="trip-marker" data-testid="trip-marker">
            <line x1={layout.trip.x} x2={layout.trip.x} y1={plot.top - 8} y2={plot.bottom} />
            <text
              x={layout.trip.x}
              y={plot.top - 12}
              textAnchor={layout.trip.x > (plot.left + plot.right) / 2 ? 'end' : 'start'}
            >
              {layout.trip.label}
            </text>
          </g>
        )}
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="Variations">
          {lines.map((l) => (
            <li key={l.variation}>
              <span
                className={`swatch ${seriesClass(l.variation, guard.control)}`}
                aria-hidden="true"
              />
              {variationLabel(props.variations[l.variation])}
              {l.variation === guard.control ? ' (control)' : ''}
            </li>
          ))}
        </ul>
        <span className="muted">
          Cumulative {guard.kind === 'rate' ? 'rate' : 'mean'} since the window opened, per minute,
          times in UTC.
        </span>
      </figcaption>
    </figure>
  )
}
