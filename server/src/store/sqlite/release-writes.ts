/**
 * Release plans in the SQLite store: starting one (its first step is a flag write by the actor
 * `release-plan`), what people do to it, counting each step's exposures, and carrying out
 * the plan's next move (release/next-move.ts decides) in the same transaction as the batch or
 * the timer tick that prompted it. Every write re-reads the plan inside the transaction, so a
 * move is applied once however many callers ask for it at the same time.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { nextMove } from '../../release/next-move.js'
import type { ReleasePlanSettings } from '../../release/plan-schema.js'
import type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '../../release/release-model.js'
import type { Actor, Change } from '../store.js'
import {
  MOVING,
  RELEASE_ACTOR,
  controlEffect,
  moveEffect,
  newPlan,
  noReleaseUnderWay,
  planControl,
  releaseAudit,
  releaseEvent,
  releaseUnderWay,
  servePatch,
  stateOf,
  stepEvidence,
  toInfo,
  warnedAfter,
  type PlanEffect,
} from '../common/release-rules.js'
import { audit, schema, type Ctx, type EnvRow } from './context.js'
import { guardsOf, resetWindows, statusOf } from './guard-windows.js'
import { configRow, envRow, requireLiveFlag, toMeta } from './rows.js'
import { updateFlagConfig } from './flag-writes.js'
import { activePlan, latestPlan, setPlan, type PlanRow } from './release-rows.js'

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
  const patch = servePatch(current, plan, percent, enable)
  updateFlagConfig(ctx, flagKey, envKey, patch, { actor: RELEASE_ACTOR }, out)
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
  if (activePlan(ctx, env.id, flag.id) !== undefined) throw releaseUnderWay(flagKey, envKey)
  const config = configRow(ctx, env.id, flag.id).config
  const control = planControl(settings, config, toMeta(flag).variations.length)
  const now = ctx.now()
  const row = ctx.db
    .insert(schema.releasePlans)
    .values({ environmentId: env.id, flagId: flag.id, ...newPlan(settings, control, actor, now) })
    .returning()
    .get()
  // A new release: the guards judge it on its own figures, from now on.
  resetWindows(
    ctx,
    guardsOf(ctx, env.id, flag.id).map((g) => g.id),
  )
  serveStep(ctx, flagKey, envKey, { settings, control }, settings.steps[0]?.percent ?? 0, out, true)
  const info = toInfo(row, flagKey, envKey)
  audit(ctx, actor, releaseAudit(info, 'release.start', null))
  events.push(releaseEvent(info, 'started', now))
  return info
}

/** What the current step has seen: its exposures, and each guard's judgement and samples. */
function evidenceOf(ctx: Ctx, env: EnvRow, row: PlanRow, settings: ReleasePlanSettings) {
  const e = schema.releaseStepExposures
  const rows = ctx.db
    .select()
    .from(e)
    .where(and(eq(e.planId, row.id), eq(e.step, row.step)))
    .all()
  const flag = ctx.db.select().from(schema.flags).where(eq(schema.flags.id, row.flagId)).get()
  const count = flag === undefined ? 0 : toMeta(flag).variations.length
  const guards = guardsOf(ctx, env.id, row.flagId).map((g) => ({
    row: g,
    status: statusOf(ctx, g, count),
  }))
  return stepEvidence(rows, settings, guards)
}

/** Carries out what a plan does, in order; answers the plan's row after it. */
function carryOut(
  ctx: Ctx,
  env: EnvRow,
  flagKey: string,
  row: PlanRow,
  effect: PlanEffect,
  actor: Actor,
  before: ReleaseInfo,
  now: number,
  out: Change[],
  events: ReleaseEvent[],
): PlanRow {
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  if (effect.serve !== undefined) {
    serveStep(ctx, flagKey, env.key, { settings, control: row.control }, effect.serve, out)
  }
  if (effect.switchOff === true && configRow(ctx, env.id, row.flagId).config.enabled) {
    updateFlagConfig(ctx, flagKey, env.key, { enabled: false }, { actor: RELEASE_ACTOR }, out)
  }
  const current = effect.set === undefined ? row : setPlan(ctx, row.id, effect.set)
  const info = toInfo(current, flagKey, env.key)
  if (effect.action !== undefined) audit(ctx, actor, releaseAudit(info, effect.action, before))
  if (effect.kind !== undefined) events.push(releaseEvent(info, effect.kind, now))
  return current
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
  const state = stateOf(row)
  const now = ctx.now()
  const { move, warnings } = nextMove(settings, state, evidenceOf(ctx, env, row, settings), now)
  let current = row
  if (warnings.length > 0) {
    current = setPlan(ctx, row.id, warnedAfter(state, warnings))
    const info = toInfo(current, flagKey, env.key)
    for (const w of warnings) {
      const before = { trigger: w.trigger, reason: w.reason }
      audit(ctx, RELEASE_ACTOR, releaseAudit(info, 'release.warning', before))
      events.push(releaseEvent(info, 'warning', now, w.reason))
    }
  }
  const effect = moveEffect(move, current, now)
  if (effect === undefined) return
  const before = toInfo(current, flagKey, env.key)
  carryOut(ctx, env, flagKey, current, effect, RELEASE_ACTOR, before, now, out, events)
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
    .where(inArray(p.status, [...MOVING]))
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
  if (row === undefined) throw noReleaseUnderWay(flagKey, envKey)
  const before = toInfo(row, flagKey, envKey)
  const now = ctx.now()
  const effect = { ...controlEffect(control, row, actor, now), action: `release.${control.action}` }
  const current = carryOut(ctx, env, flagKey, row, effect, actor, before, now, out, events)
  if (current.status === 'running') advancePlan(ctx, env, flagKey, current, out, events)
  const after = latestPlan(ctx, env.id, flag.id) as PlanRow
  return toInfo(after, flagKey, envKey)
}
