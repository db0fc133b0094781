/**
 * Said after a save (or switching on) in an environment that requires approval: the change is
 * a request now, not applied, and where it can be followed.
 */
import type { ChangeRequestInfo } from '@andon/core'
import { routeHref } from '../lib/route.js'

export function RequestedNote(props: { request: ChangeRequestInfo; onDismiss(): void }) {
  const { request } = props
  return (
    <div className="notice notice-warning" role="status">
      <p>
        <strong>Your change awaits approval</strong> (request #{request.id}): nothing changed in{' '}
        {request.environment} yet. Another editor of {request.environment} approves or rejects it on
        the <a href={routeHref({ page: 'changes', env: request.environment })}>Change requests</a>{' '}
        page.
      </p>
      <button type="button" className="link-button" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
