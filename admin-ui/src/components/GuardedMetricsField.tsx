/**
 * The metric keys a flag's guard watches in one environment, and a warning when a guarded
 * metric is missing from them (the SDKs would stop reporting it and the guard could not decide).
 */
import { missingGuardedMetrics } from '../lib/guarded-metrics.js'
import { FieldIssues } from './FieldIssues.js'
import { KeyListField } from './KeyListField.js'

export function GuardedMetricsField(props: {
  id: string
  metrics: string[]
  /** The metrics the flag's guards watch here, which `metrics` must keep. */
  guarded: readonly string[]
  onChange(metrics: string[]): void
}) {
  const starved = missingGuardedMetrics(props.metrics, props.guarded)
  const one = starved.length === 1
  return (
    <section className="card" aria-labelledby={`${props.id}-metrics`}>
      <h3 id={`${props.id}-metrics`}>Guarded metrics</h3>
      <KeyListField
        id={`${props.id}-metrics-keys`}
        label="Metric keys the guard watches"
        keys={props.metrics}
        hint="The SDKs report these per variation. Saving guards (below) sets them to the guards’ metrics."
        onChange={props.onChange}
      />
      <FieldIssues path={['metrics']} />
      {starved.length > 0 && (
        <p className="notice notice-warning" role="status">
          {starved.join(', ')} {one ? 'is' : 'are'} guarded: without {one ? 'it' : 'them'} here the
          SDKs stop reporting {one ? 'it' : 'them'} and the guard can not decide.
        </p>
      )}
    </section>
  )
}
