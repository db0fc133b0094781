/**
 * Release plans as the admin API answers them (`GET …/release`): the settings a plan was
 * started with, its state, its current step, and what it did (for the webhook). The server
 * keeps and advances them; the admin UI and the CLI read them. Types, and the lists of
 * statuses and triggers that the database and the schemas name.
 */

export interface ReleaseStep {
  /** Of contexts served the released variation, 0 < percent ≤ 100, to a thousandth. */
  percent: number
  holdSeconds: number
  /** Exposures per arm each guard needs before the step may end; by default its own. */
  minSamples?: number
  /** A person approves the start of this step. */
  approval: boolean
}

export const RELEASE_STATUSES = [
  'running',
  'awaiting-approval',
  'paused',
  'completed',
  'rolled-back',
  'switched-off',
  'aborted',
] as const
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number]

/** The statuses in which a plan is still under way (it may be paused, it may resume). */
export const RELEASES_UNDER_WAY: readonly ReleaseStatus[] = [
  'running',
  'awaiting-approval',
  'paused',
]

export const RELEASE_TRIGGERS = [
  'regression',
  'sample-ratio-mismatch',
  'no-traffic',
  'insufficient-data',
] as const
export type ReleaseTrigger = (typeof RELEASE_TRIGGERS)[number]

/** What each trigger does; see the server README, "Release plans". */
export interface ReleaseTriggers {
  onRegression: 'rollback' | 'off' | 'pause' | 'warn'
  onSampleRatioMismatch: 'rollback' | 'pause' | 'warn'
  onNoTraffic: 'rollback' | 'pause' | 'warn'
  onInsufficientData: 'rollback' | 'pause'
  maxExtensionSeconds: number
}

export interface ReleasePlanSettings extends ReleaseTriggers {
  /** The variation being released. */
  variation: number
  steps: ReleaseStep[]
}

export interface ReleaseInfo {
  id: number
  flag: string
  environment: string
  settings: ReleasePlanSettings
  /** The variation everyone else gets, and all get after a rollback. */
  control: number
  status: ReleaseStatus
  /** The step being held: an index into `settings.steps`. */
  step: number
  stepStartedAt: number
  /** When the current step's hold ends. */
  holdEndsAt: number
  approvedStep: number | null
  /** The triggers whose action is `warn` that have warned in this step. */
  warned: ReleaseTrigger[]
  /** Why it waits, was paused or ended. */
  reason: string | null
  startedBy: string
  startedAt: number
  updatedAt: number
}

/** What a person may do to a plan under way (`POST …/release/control`). */
export type ReleaseControl =
  { action: 'pause' | 'resume' | 'abort' | 'approve' } | { action: 'skip'; step: number }

/** Something a plan did, for the webhook. */
export interface ReleaseEvent {
  flag: string
  environment: string
  kind: 'started' | 'step' | 'awaiting-approval' | 'paused' | 'completed' | 'stopped' | 'warning'
  step: number
  percent: number
  reason: string | null
  at: number
}
