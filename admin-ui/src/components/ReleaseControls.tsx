/** The buttons that steer a plan under way; Abort asks first. */
import { useState } from 'react'
import { ACTION_LABEL, releaseActions } from '../lib/release-actions.js'
import type { ReleaseAction, ReleaseStatus } from '../lib/release-model.js'
import { ReleaseAbortDialog } from './ReleaseAbortDialog.js'

export function ReleaseControls(props: {
  flagKey: string
  env: string
  status: ReleaseStatus
  busy: boolean
  onAction(action: ReleaseAction): void
}) {
  const [asking, setAsking] = useState(false)
  const actions = releaseActions(props.status)
  if (actions.length === 0) return null
  return (
    <div className="actions release-controls">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'abort' ? 'danger' : action === 'approve' ? 'primary' : undefined}
          disabled={props.busy}
          onClick={() => (action === 'abort' ? setAsking(true) : props.onAction(action))}
        >
          {ACTION_LABEL[action]}
        </button>
      ))}
      {asking && (
        <ReleaseAbortDialog
          flagKey={props.flagKey}
          env={props.env}
          onAnswer={(abort) => {
            setAsking(false)
            if (abort) props.onAction('abort')
          }}
        />
      )}
    </div>
  )
}
