/**
 * The Insights panel of a flag's environment page: evaluations per hour and variation over
 * the last 7 days with when it was last evaluated, the experiment view, and where code uses
 * the flag (from `andon refs scan --upload`).
 */
import type { JsonValue } from '@andon/core'
import { useMemo } from 'react'
import { useCodeRefs, useFlagEvaluations } from '../hooks/useInsights.js'
import { formatTime } from '../lib/format-time.js'
import { denseSeries, formatAgo, formatBucket } from '../lib/insights-series.js'
import { variationLabel } from '../lib/variations.js'
import { ErrorNote } from './ErrorNote.js'
import { ExperimentView } from './ExperimentView.js'
import { TimeChart } from './TimeChart.js'

export function FlagInsightsPanel(props: {
  flagKey: string
  env: string
  variations: readonly JsonValue[]
}) {
  const { flagKey, env } = props
  const evaluations = useFlagEvaluations(flagKey, env, 7)
  const refs = useCodeRefs(flagKey)
  const answer = evaluations.data
  const flag = answer?.flags[0]
  const chart = useMemo(() => {
    if (!answer || !flag) return undefined
    const points = denseSeries(answer, flag)
    return {
      at: points.map((p) => p.at),
      series: props.variations.map((v, i) => ({
        label: `Variation ${i}: ${variationLabel(v)}`,
        values: points.map((p) => p.counts[i] ?? 0),
      })),
    }
  }, [answer, flag, props.variations])
  const id = `insights-${env}`
  return (
    <section className="card insights-panel" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Insights</h3>
      <ErrorNote error={evaluations.error ?? refs.error} />
      {answer && flag && chart && (
        <>
          <p id={`${id}-last`}>
            Last evaluated here:{' '}
            <strong>
              {flag.lastEvaluatedAt === null
                ? 'never'
                : `${formatTime(flag.lastEvaluatedAt)} (${formatAgo(flag.lastEvaluatedAt, answer.to)})`}
            </strong>
          </p>
          <TimeChart
            id={`${id}-evaluations`}
            title={`Evaluations of ${flagKey} in ${env} per hour and variation, last 7 days`}
            at={chart.at}
            series={chart.series}
            formatAt={(at) => formatBucket(at, 'hour')}
          />
        </>
      )}
      <h4>Experiment</h4>
      <ExperimentView flagKey={flagKey} env={env} variations={props.variations} />
      <h4>Code references</h4>
      {refs.data && refs.data.repositories.length === 0 && (
        <p className="muted">
          No code references uploaded: run <code>andon refs scan --upload</code> in your
          repositories’ pipelines.
        </p>
      )}
      {refs.data?.repositories.map((r) => (
        <div key={r.repository} className="code-refs">
          <p>
            <strong>{r.repository}</strong>{' '}
            <span className="muted">
              at {r.commit.slice(0, 12)}, {formatTime(r.uploadedAt)}
            </span>
          </p>
          <ul className="code-ref-list">
            {r.refs.map((ref) => (
              <li key={`${ref.file}:${ref.line}:${ref.column}`}>
                <code>
                  {ref.file}:{ref.line}
                </code>{' '}
                <span className="muted">{ref.text}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}
