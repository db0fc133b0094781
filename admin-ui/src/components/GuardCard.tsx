/** One guard: what it watches and does, its state, the chart and the figures behind it. */
import type { JsonValue } from '@andon/core'
import type { GuardStatus } from '../lib/guard-model.js'
import { guardSentence, stateLabel } from '../lib/guard-state.js'
import { GuardChart } from './GuardChart.js'
import { GuardFigures } from './GuardFigures.js'

export function GuardCard(props: {
  id: string
  guard: GuardStatus
  variations: readonly JsonValue[]
  now: number
}) {
  const { guard, id } = props
  const state = stateLabel(guard, props.variations)
  return (
    <article className={`guard guard-${state.tone}`} aria-labelledby={`${id}-title`}>
      <header className="guard-head">
        <h4 id={`${id}-title`}>
          <code>{guard.metric}</code> <span className="muted">({guard.kind})</span>
        </h4>
        <span className={`badge badge-${state.tone}`} data-testid="guard-state">
          {state.label}
        </span>
      </header>
      <p className="guard-settings">{guardSentence(guard, props.variations)}</p>
      <p className="guard-state-detail">{state.detail}</p>
      <GuardChart id={`${id}-chart`} guard={guard} variations={props.variations} now={props.now} />
      <GuardFigures guard={guard} variations={props.variations} />
    </article>
  )
}
