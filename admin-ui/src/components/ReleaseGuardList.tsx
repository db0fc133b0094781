/** Each guard of the flag with its state and its samples against what the current step needs. */
import type { JsonValue } from '@andon/core'
import type { GuardStatus } from '../lib/guard-model.js'
import { stateLabel } from '../lib/guard-state.js'
import { guardSamples, samplesText } from '../lib/release-guard-samples.js'
import type { ReleaseStep } from '../lib/release-model.js'

export function ReleaseGuardList(props: {
  guards: readonly GuardStatus[] | undefined
  step: ReleaseStep | undefined
  variations: readonly JsonValue[]
}) {
  const { guards } = props
  if (guards === undefined) return null
  if (guards.length === 0) {
    return <p className="muted">No guards watch this flag: steps end on their holds alone.</p>
  }
  return (
    <ul className="release-guards" aria-label="Guards of the release">
      {guards.map((guard, i) => {
        const state = stateLabel(guard, props.variations)
        const samples = guardSamples(guard, props.step)
        return (
          <li key={`${guard.metric}/${i}`}>
            <code>{guard.metric}</code>{' '}
            <span className={`badge badge-${state.tone}`}>{state.label}</span>{' '}
            <span className={samples.enough ? undefined : 'muted'}>{samplesText(samples)}</span>
          </li>
        )
      })}
    </ul>
  )
}
