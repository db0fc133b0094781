/**
 * The top of a flag's environment: its kill switch, whether it is on, the version shown and
 * whether the page follows live changes (or shows one saved elsewhere).
 */
import type { ReactNode } from 'react'
import type { LiveEnvironment } from '../lib/live-registry.js'
import { Switch } from './Switch.js'

export function FlagStatusCard(props: {
  id: string
  flagKey: string
  env: string
  enabled: boolean
  version: number
  streamStatus: LiveEnvironment['status'] | undefined
  /** A version saved elsewhere that the page now shows. */
  liveUpdate: number | undefined
  /** Why the flag is in its state (a guard or an alert switched it off). */
  notice?: ReactNode
  /** Edits here wait for approval: switching on too, switching off never. */
  requireApproval?: boolean
  onSwitch(enabled: boolean): void
}) {
  const { env, id } = props
  const following =
    props.streamStatus === 'open'
      ? ' · following live changes'
      : props.streamStatus === 'retrying'
        ? ' · reconnecting…'
        : ''
  return (
    <section className="card status-card" aria-labelledby={`${id}-status`}>
      <div className="status-row">
        <Switch
          checked={props.enabled}
          label={`${props.flagKey} in ${env}`}
          onChange={props.onSwitch}
        />
        <div>
          <h2 id={`${id}-status`}>{props.enabled ? `On in ${env}` : `Off in ${env}`}</h2>
          <p className="muted">
            {props.requireApproval
              ? 'Switching off applies at once; switching on and edits wait for approval.'
              : 'The switch applies at once.'}{' '}
            Version {props.version}
            {following}
          </p>
          {props.liveUpdate !== undefined && (
            <p className="live-note" role="status">
              Updated live: version {props.liveUpdate} was saved elsewhere.
            </p>
          )}
          {props.notice}
        </div>
      </div>
    </section>
  )
}
