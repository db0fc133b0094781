/**
 * Release plans as the admin API answers them (`GET .../release`): the types are core's, shared
 * with the server and the CLI; what only the UI needs is here.
 */
import { RELEASES_UNDER_WAY, type ReleaseStatus, type ReleaseStep } from '@andon/core'

export type { ReleaseInfo, ReleaseStatus, ReleaseStep, ReleaseTrigger } from '@andon/core'

/** What a person may do to a plan under way. */
export type ReleaseAction = 'pause' | 'resume' | 'abort' | 'approve'

/** What `POST .../release` takes: a template's steps or the plan's own. */
export type ReleaseStart =
  | { variation: number; template: string }
  | { variation: number; steps: Omit<ReleaseStep, 'approval'>[] }

export const isUnderWay = (status: ReleaseStatus) => RELEASES_UNDER_WAY.includes(status)
