/**
 * Release plans in the SQLite store: starting one (its first step is a flag write by the actor
 * `release-plan`), what people do to it, counting each step's exposures, and carrying out
 * the plan's next move (release/next-move.ts decides) in the same transaction as the batch or
 * the timer tick that prompted it. Every write re-reads the plan inside the transaction, so a
 * move is applied once however many callers ask for it at the same time.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { FlagConfig } from '@andon/core'
import {
  nextMove,
  type ReleaseState,
  type StepEvidence,
  type Trigger,
} from '../../release/next-move.js'
import type { ReleasePlanSettings } from '../../release/plan-schema.js'
import { planIssues } from '../../release/plan-schema.js'
import type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '../../release/release-model.js'
import { releaseServe } from '../../release/rollout.js'
import type { Actor, Change } from '../store.js'
import { StoreError, invalid } from '../store-error.js'
import { audit, schema, type Ctx, type EnvRow } from './context.js'
import { guardsOf, resetWindows, statusOf } from './guard-windows.js'
import { configRow, envRow, requireLiveFlag, toMeta } from './rows.js'
import { updateFlagConfig } from './flag-writes.js'
import {
  RELEASE_ACTOR,
  activePlan,
  latestPlan,
  setPlan,
  toInfo,
  type PlanRow,
} from './release-rows.js'

export function getRelease(ctx: Ctx, flagKey: string, envKey: string): ReleaseInfo | undefined {
  const env = envRow(ctx, envKey)
  const flag = requireLiveFlag(ctx, flagKey)
  const row = latestPlan(ctx, env.id, flag.id)
  return row === undefined ? undefined : toInfo(row, flagKey, envKey)
}

/** Serves a step's percentage through the ordinary flag write (actor `release-plan`). */
function serveStep(
  ctx: Ctx,
  flagKey: string,
  envKey: string,
  plan: { settings: ReleasePlanSettings; control: number },
  percent: number,
  out: Change[],
  enable = false,
) {
  const current = configRow(ctx, envRow(ctx, envKey).id, requireLiveFlag(ctx, flagKey).id).config
  const bucketBy =
    'rollout' in current.fallthrough ? current.fallthrough.rollout.bucketBy : undefined
  const patch: Partial<FlagConfig> = {
    fallthrough: releaseServe(plan.settings.variation, plan.control, percent, bucketBy),
    ...(enable ? { enabled: true } : {}),
  }
  updateFlagConfig(ctx, flagKey, envKey, patch, { actor: RELEASE_ACTOR }, out)
}

function event(
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

function auditRelease(ctx: Ctx, actor: Actor, info: ReleaseInfo, action: string, before: unknown) {
  audit(ctx, actor, {
    action,
    targetKind: 'flag',
    targetKey: info.flag,
    environment: info.environment,
    before,
    after: info,
  })
}

export function startRelease(
  ctx: Ctx,
  flagKey: string,
  envKey: string,
  settings: ReleasePlanSettings,
  actor: Actor,
  out: Change[],
  events: ReleaseEvent[],
): ReleaseInfo {
  const env = envRow(ctx, envKey)
  const flag = requireLiveFlag(ctx, flagKey)
  if (activePlan(ctx, env.id, flag.id) !== undefined) {
    throw new StoreError('conflict', `${flagKey} already has a release plan under way in ${envKey}`)
  }
  const config = configRow(ctx, env.id, flag.id).config
  const variationCount = toMeta(flag).variations.length
  const control = config.offVariation ?? (settings.variation === 0 ? 1 : 0)
  const issues = planIssues(settings, { variationCount, control })
  if (issues.length > 0) throw invalid(issues)
  const now = ctx.now()
  const row = ctx.db
    .insert(schema.releasePlans)
    .values({
      environmentId: env.id,
      flagId: flag.id,
      settings: JSON.stringify(settings),
      control,
      status: 'running',
      step: 0,
      stepStartedAt: now,
      startedBy: actor.name,
      startedAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
  // A new release: the guards judge it on its own figures, from now on.
  resetWindows(
    ctx,
    guardsOf(ctx, env.id, flag.id).map((g) => g.id),
  )
  serveStep(ctx, flagKey, envKey, { settings, control }, settings.steps[0]?.percent ?? 0, out, true)
  const info = toInfo(row, flagKey, envKey)
  auditRelease(ctx, actor, info, 'release.start', null)
  events.push(event(info, 'started', now))
  return info
}

/** What the current step has seen: its exposures, and each guard's judgement and samples. */
function evidenceOf(
  ctx: Ctx,
  env: EnvRow,
  row: PlanRow,
  settings: ReleasePlanSettings,
): StepEvidence {
  const e = schema.releaseStepExposures
  const rows = ctx.db
    .select()
    .from(e)
    .where(and(eq(e.planId, row.id), eq(e.step, row.step)))
    .all()
  let released = 0
  let others = 0
  for (const r of rows) {
    if (r.variation === settings.variation) released += r.exposures
    else others += r.exposures
  }
  const flag = ctx.db.select().from(schema.flags).where(eq(schema.flags.id, row.flagId)).get()
  const count = flag === undefined ? 0 : toMeta(flag).variations.length
  const guards = guardsOf(ctx, env.id, row.flagId).map((g) => {
    const status = statusOf(ctx, g, count)
    const comparison = status.comparisons.find((c) => c.variation === settings.variation)
    const exposures = (v: number) => status.variations[v]?.exposures ?? 0
    return {
      metric: g.metric,
      action: g.action,
      regression: status.state === 'tripped' || comparison?.regression === true,
      samples: Math.min(exposures(g.control), exposures(settings.variation)),
      minSamples: g.minSamples,
    }
  })
  return { released, others, guards }
}

/** Runs the plan's next move, if it has one now; what it did goes to `events`. */
export function advancePlan(
  ctx: Ctx,
  env: EnvRow,
  flagKey: string,
  row: PlanRow,
  out: Change[],
  events: ReleaseEvent[],
): void {
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  const state: ReleaseState = {
    status: row.status,
    step: row.step,
    stepStartedAt: row.stepStartedAt,
    approvedStep: row.approvedStep,
    warned: JSON.parse(row.warned) as Trigger[],
  }
  const now = ctx.now()
  const { move, warnings } = nextMove(settings, state, evidenceOf(ctx, env, row, settings), now)
  let current = row
  const info = () => toInfo(current, flagKey, env.key)
  if (warnings.length > 0) {
    current = setPlan(ctx, row.id, {
      warned: JSON.stringify([...state.warned, ...warnings.map((w) => w.trigger)]),
    })
    for (const w of warnings) {
      auditRelease(ctx, RELEASE_ACTOR, info(), 'release.warning', {
        trigger: w.trigger,
        reason: w.reason,
      })
      events.push(event(info(), 'warning', now, w.reason))
    }
  }
  const before = info()
  switch (move.kind) {
    case 'idle':
    case 'hold':
      return
    case 'extend': {
      const reason = `waiting for samples of ${move.lacking.join(', ')} until ${new Date(move.until).toISOString()}`
      if (current.reason !== reason) current = setPlan(ctx, row.id, { reason })
      return
    }
    case 'await-approval': {
      if (current.status === 'awaiting-approval') return
      const reason = `step ${move.step + 1} waits for a person's approval`
      current = setPlan(ctx, row.id, { status: 'awaiting-approval', reason })
      auditRelease(ctx, RELEASE_ACTOR, info(), 'release.awaiting-approval', before)
      events.push(event(info(), 'awaiting-approval', now))
      return
    }
    case 'advance': {
      serveStep(ctx, flagKey, env.key, { settings, control: row.control }, move.percent, out)
      current = setPlan(ctx, row.id, {
        status: 'running',
        step: move.step,
        stepStartedAt: now,
        approvedStep: null,
        warned: '[]',
        reason: null,
      })
      auditRelease(ctx, RELEASE_ACTOR, info(), 'release.step', before)
      events.push(event(info(), 'step', now))
      return
    }
    case 'complete': {
      current = setPlan(ctx, row.id, { status: 'completed', reason: null })
      auditRelease(ctx, RELEASE_ACTOR, info(), 'release.complete', before)
      events.push(event(info(), 'completed', now))
      return
    }
    case 'stop': {
      const reason = `${move.trigger}: ${move.reason}`
      if (move.action === 'pause') {
        current = setPlan(ctx, row.id, { status: 'paused', reason })
        auditRelease(ctx, RELEASE_ACTOR, info(), 'release.pause', before)
        events.push(event(info(), 'paused', now))
        return
      }
      if (move.action === 'rollback') {
        serveStep(ctx, flagKey, env.key, { settings, control: row.control }, 0, out)
      } else {
        const cfg = configRow(ctx, env.id, row.flagId).config
        if (cfg.enabled) {
          updateFlagConfig(ctx, flagKey, env.key, { enabled: false }, { actor: RELEASE_ACTOR }, out)
        }
      }
      const status = move.action === 'rollback' ? 'rolled-back' : 'switched-off'
      current = setPlan(ctx, row.id, { status, reason })
      auditRelease(ctx, RELEASE_ACTOR, info(), 'release.stop', before)
      events.push(event(info(), 'stopped', now))
      return
    }
  }
}

/** Counts a batch's exposures into the current step of each active plan of its flags. */
export function countStepExposures(
  ctx: Ctx,
  envId: number,
  flagId: number,
  exposures: { variation: number; count: number }[],
): PlanRow | undefined {
  const plan = activePlan(ctx, envId, flagId)
  if (plan === undefined) return undefined
  const e = schema.releaseStepExposures
  for (const x of exposures) {
    ctx.db
      .insert(e)
      .values({ planId: plan.id, step: plan.step, variation: x.variation, exposures: x.count })
      .onConflictDoUpdate({
        target: [e.planId, e.step, e.variation],
        set: { exposures: sql`exposures + excluded.exposures` },
      })
      .run()
  }
  return plan
}

/** Every plan that may move, in every environment: the timer's tick. */
export function advanceDuePlans(ctx: Ctx, out: Change[], events: ReleaseEvent[]): void {
  const p = schema.releasePlans
  const rows = ctx.db
    .select({ plan: p, envKey: schema.environments.key, flagKey: schema.flags.key })
    .from(p)
    .innerJoin(schema.environments, eq(schema.environments.id, p.environmentId))
    .innerJoin(schema.flags, eq(schema.flags.id, p.flagId))
    .where(inArray(p.status, ['running', 'awaiting-approval']))
    .all()
  for (const r of rows) {
    advancePlan(ctx, { id: r.plan.environmentId, key: r.envKey }, r.flagKey, r.plan, out, events)
  }
}

export function controlRelease(
  ctx: Ctx,
  flagKey: string,
  envKey: string,
  control: ReleaseControl,
  actor: Actor,
  out: Change[],
  events: ReleaseEvent[],
): ReleaseInfo {
  const env = envRow(ctx, envKey)
  const flag = requireLiveFlag(ctx, flagKey)
  const row = activePlan(ctx, env.id, flag.id)
  if (row === undefined)
    throw new StoreError('conflict', `${flagKey} has no release plan under way in ${envKey}`)
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  const before = toInfo(row, flagKey, envKey)
  const now = ctx.now()
  let current: PlanRow
  let kind: ReleaseEvent['kind']
  switch (control.action) {
    case 'pause':
      current = setPlan(ctx, row.id, { status: 'paused', reason: `paused by ${actor.name}` })
      kind = 'paused'
      break
    case 'resume':
      // The step starts over: its hold, and the wait for samples, count from now.
      current = setPlan(ctx, row.id, { status: 'running', stepStartedAt: now, reason: null })
      kind = 'step'
      break
    case 'abort':
      current = setPlan(ctx, row.id, { status: 'aborted', reason: `aborted by ${actor.name}` })
      kind = 'stopped'
      break
    case 'approve': {
      if (row.status !== 'awaiting-approval') {
        throw new StoreError('conflict', 'the plan waits for no approval')
      }
      current = setPlan(ctx, row.id, {
        status: 'running',
        approvedStep: row.step + 1,
        reason: null,
      })
      kind = 'step'
      break
    }
    case 'skip': {
      const step = settings.steps[control.step]
      if (step === undefined) {
        throw invalid([{ path: ['step'], message: `the plan has no step ${control.step}` }])
      }
      serveStep(ctx, flagKey, envKey, { settings, control: row.control }, step.percent, out)
      current = setPlan(ctx, row.id, {
        status: 'running',
        step: control.step,
        stepStartedAt: now,
        approvedStep: null,
        warned: '[]',
        reason: `skipped to step ${control.step + 1} by ${actor.name}`,
      })
      kind = 'step'
      break
    }
  }
  const info = toInfo(current, flagKey, envKey)
  auditRelease(ctx, actor, info, `release.${control.action}`, before)
  events.push(event(info, kind, now))
  if (current.status === 'running') advancePlan(ctx, env, flagKey, current, out, events)
  const after = latestPlan(ctx, env.id, flag.id) as PlanRow
  return toInfo(after, flagKey, envKey)
}
