/** What a person may do to a release plan in its status, and the buttons' words. */
import type { ReleaseAction, ReleaseStatus } from './release-model.js'

export const ACTION_LABEL: Record<ReleaseAction, string> = {
  approve: 'Approve next step',
  pause: 'Pause',
  resume: 'Resume',
  abort: 'Abort',
}

export function releaseActions(status: ReleaseStatus): ReleaseAction[] {
  switch (status) {
    case 'running':
      return ['pause', 'abort']
    case 'awaiting-approval':
      return ['approve', 'pause', 'abort']
    case 'paused':
      return ['resume', 'abort']
    default:
      return []
  }
}
