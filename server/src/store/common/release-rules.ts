/**
 * What the stores share of release plans: a plan row as the API shows it, the events and audit
 * entries of its moves, the evidence of a step, and what each move or control does to the plan
 * (release/next-move.ts decides the move). The stores read the rows and carry the effects out
 * in their transaction, in the order an effect lists them: serve, switch off, set, audit, event.
 */
import type { FlagConfig, GuardStatus, ReleaseStatus } from '@andon/core'
import type { Move, ReleaseState, StepEvidence, Trigger } from '../../release/next-move.js'
import { planIssues, type ReleasePlanSettings } from '../../release/plan-schema.js'
import type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '../../release/release-model.js'
import { releaseServe } from '../../release/rollout.js'
import type { Actor } from '../store.js'
import { StoreError, invalid } from '../store-error.js'
import type { GuardRow } from './guard-rules.js'
import type { AuditInput } from './write-checks.js'

export const RELEASE_ACTOR: Actor = { name: 'release-plan' }

export interface PlanRow {
  id: number
  environmentId: number
  flagId: number
  settings: string
  control: number
  status: ReleaseStatus
  step: number
  stepStartedAt: number
  approvedStep: number | null
  warned: string
  reason: string | null
  startedBy: string
  startedAt: number
  updatedAt: number
}

export type PlanValues = Partial<Omit<PlanRow, 'id' | 'environmentId' | 'flagId'>>

export const ACTIVE = ['running', 'awaiting-approval', 'paused'] as const
/** The statuses of plans the timer moves. */
export const MOVING = ['running', 'awaiting-approval'] as const

export const isActive = (row: PlanRow) => (ACTIVE as readonly string[]).includes(row.status)

const SECOND = 1000

export function toInfo(row: PlanRow, flag: string, environment: string): ReleaseInfo {
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  const step = settings.steps[row.step]
  return {
    id: row.id,
    flag,
    environment,
    settings,
    control: row.control,
    status: row.status,
    step: row.step,
    stepStartedAt: row.stepStartedAt,
    holdEndsAt: row.stepStartedAt + (step?.holdSeconds ?? 0) * SECOND,
    approvedStep: row.approvedStep,
    warned: JSON.parse(row.warned) as Trigger[],
    reason: row.reason,
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
  }
}

export function releaseEvent(
  info: ReleaseInfo,
  kind: ReleaseEvent['kind'],
  at: number,
  reason: string | null = info.reason,
): ReleaseEvent {
  const percent = info.settings.steps[info.step]?.percent ?? 0
  return {
    flag: info.flag,
    environment: info.environment,
    kind,
    step: info.step,
    percent,
    reason,
    at,
  }
}

export function releaseAudit(info: ReleaseInfo, action: string, before: unknown): AuditInput {
  return {
    action,
    targetKind: 'flag',
    targetKey: info.flag,
    environment: info.environment,
    before,
    after: info,
  }
}

/** The flag patch that serves a step's percentage (keeping the rollout's bucketing attribute). */
export function servePatch(
  current: FlagConfig,
  plan: { settings: ReleasePlanSettings; control: number },
  percent: number,
  enable: boolean,
): Partial<FlagConfig> {
  const bucketBy =
    'rollout' in current.fallthrough ? current.fallthrough.rollout.bucketBy : undefined
  return {
    fallthrough: releaseServe(plan.settings.variation, plan.control, percent, bucketBy),
    ...(enable ? { enabled: true } : {}),
  }
}

/** A hand edit of the rollout while a plan runs pauses the plan: the person is in charge. */
export function handEditPause(actor: Actor, plan: PlanRow | undefined): PlanValues | undefined {
  if (actor.name === RELEASE_ACTOR.name) return undefined
  if (plan === undefined || plan.status === 'paused') return undefined
  return { status: 'paused', reason: `${actor.name} edited the rollout by hand` }
}

export const releaseUnderWay = (flag: string, env: string) =>
  new StoreError('conflict', `${flag} already has a release plan under way in ${env}`)

export const noReleaseUnderWay = (flag: string, env: string) =>
  new StoreError('conflict', `${flag} has no release plan under way in ${env}`)

/** A new plan's control variation, or the issues that refuse the plan. */
export function planControl(
  settings: ReleasePlanSettings,
  config: FlagConfig,
  variationCount: number,
): number {
  const control = config.offVariation ?? (settings.variation === 0 ? 1 : 0)
  const issues = planIssues(settings, { variationCount, control })
  if (issues.length > 0) throw invalid(issues)
  return control
}

export function newPlan(
  settings: ReleasePlanSettings,
  control: number,
  actor: Actor,
  now: number,
): Omit<PlanRow, 'id' | 'environmentId' | 'flagId' | 'approvedStep' | 'warned' | 'reason'> {
  return {
    settings: JSON.stringify(settings),
    control,
    status: 'running',
    step: 0,
    stepStartedAt: now,
    startedBy: actor.name,
    startedAt: now,
    updatedAt: now,
  }
}

export function stateOf(row: PlanRow): ReleaseState {
  return {
    status: row.status,
    step: row.step,
    stepStartedAt: row.stepStartedAt,
    approvedStep: row.approvedStep,
    warned: JSON.parse(row.warned) as Trigger[],
  }
}

/** What the current step has seen, from its exposures and its guards' statuses. */
export function stepEvidence(
  exposures: { variation: number; exposures: number }[],
  settings: ReleasePlanSettings,
  guards: { row: GuardRow; status: GuardStatus }[],
): StepEvidence {
  let released = 0
  let others = 0
  for (const r of exposures) {
    if (r.variation === settings.variation) released += r.exposures
    else others += r.exposures
  }
  return {
    released,
    others,
    guards: guards.map(({ row: g, status }) => {
      const comparison = status.comparisons.find((c) => c.variation === settings.variation)
      const seen = (v: number) => status.variations[v]?.exposures ?? 0
      return {
        metric: g.metric,
        action: g.action,
        regression: status.state === 'tripped' || comparison?.regression === true,
        samples: Math.min(seen(g.control), seen(settings.variation)),
        minSamples: g.minSamples,
      }
    }),
  }
}

/** What a plan does: serve a percentage, switch its flag off, set the row, audit, tell. */
export interface PlanEffect {
  serve?: number
  /** Switch the flag off if it is on. */
  switchOff?: boolean
  set?: PlanValues
  action?: string
  kind?: ReleaseEvent['kind']
}

/** What the plan's warnings set (each trigger warns once a step). */
export function warnedAfter(state: ReleaseState, warnings: { trigger: Trigger }[]): PlanValues {
  return { warned: JSON.stringify([...state.warned, ...warnings.map((w) => w.trigger)]) }
}

export function moveEffect(move: Move, current: PlanRow, now: number): PlanEffect | undefined {
  switch (move.kind) {
    case 'idle':
    case 'hold':
      return undefined
    case 'extend': {
      const reason = `waiting for samples of ${move.lacking.join(', ')} until ${new Date(move.until).toISOString()}`
      return current.reason === reason ? undefined : { set: { reason } }
    }
    case 'await-approval': {
      if (current.status === 'awaiting-approval') return undefined
      const reason = `step ${move.step + 1} waits for a person's approval`
      return {
        set: { status: 'awaiting-approval', reason },
        action: 'release.awaiting-approval',
        kind: 'awaiting-approval',
      }
    }
    case 'advance':
      return {
        serve: move.percent,
        set: {
          status: 'running',
          step: move.step,
          stepStartedAt: now,
          approvedStep: null,
          warned: '[]',
          reason: null,
        },
        action: 'release.step',
        kind: 'step',
      }
    case 'complete':
      return {
        set: { status: 'completed', reason: null },
        action: 'release.complete',
        kind: 'completed',
      }
    case 'stop': {
      const reason = `${move.trigger}: ${move.reason}`
      if (move.action === 'pause') {
        return { set: { status: 'paused', reason }, action: 'release.pause', kind: 'paused' }
      }
      const rollback = move.action === 'rollback'
      return {
        ...(rollback ? { serve: 0 } : { switchOff: true }),
        set: { status: rollback ? 'rolled-back' : 'switched-off', reason },
        action: 'release.stop',
        kind: 'stopped',
      }
    }
  }
}

/** What a person's control does to an active plan (audited as `release.<action>`). */
export function controlEffect(
  control: ReleaseControl,
  row: PlanRow,
  actor: Actor,
  now: number,
): PlanEffect & { set: PlanValues; kind: ReleaseEvent['kind'] } {
  switch (control.action) {
    case 'pause':
      return { set: { status: 'paused', reason: `paused by ${actor.name}` }, kind: 'paused' }
    case 'resume':
      // The step starts over: its hold, and the wait for samples, count from now.
      return { set: { status: 'running', stepStartedAt: now, reason: null }, kind: 'step' }
    case 'abort':
      return { set: { status: 'aborted', reason: `aborted by ${actor.name}` }, kind: 'stopped' }
    case 'approve':
      if (row.status !== 'awaiting-approval') {
        throw new StoreError('conflict', 'the plan waits for no approval')
      }
      return {
        set: { status: 'running', approvedStep: row.step + 1, reason: null },
        kind: 'step',
      }
    case 'skip': {
      const settings = JSON.parse(row.settings) as ReleasePlanSettings
      const step = settings.steps[control.step]
      if (step === undefined) {
        throw invalid([{ path: ['step'], message: `the plan has no step ${control.step}` }])
      }
      return {
        serve: step.percent,
        set: {
          status: 'running',
          step: control.step,
          stepStartedAt: now,
          approvedStep: null,
          warned: '[]',
          reason: `skipped to step ${control.step + 1} by ${actor.name}`,
        },
        kind: 'step',
      }
    }
  }
}
