/**
 * Release plans in the PostgreSQL store: starting one (its first step is a flag write by the
 * actor `release-plan`), what people do to it, counting each step's exposures, and carrying
 * out the plan's next move (release/next-move.ts decides; common/release-rules.ts says what a
 * move does) in the same transaction as the batch or the timer tick that prompted it. Every
 * write reads the plan under its environment's lock, so a move is applied once however many
 * processes ask for it at the same time.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { nextMove } from '../../release/next-move.js'
import type { ReleasePlanSettings } from '../../release/plan-schema.js'
import type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '../../release/release-model.js'
import type { Actor, Change } from '../store.js'
import { toMeta } from '../common/rows.js'
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
import {
  audit,
  lockEnvironments,
  lockedEnvironment,
  schema,
  type EnvRow,
  type PgCtx,
} from './context.js'
import { guardsOf, resetWindows, statusOf } from './guard-windows.js'
import { configRow, envRow, requireLiveFlag, type PgReader } from './rows.js'
import { updateFlagConfig } from './flag-writes.js'
import { activePlan, latestPlan, setPlan, type PlanRow } from './release-rows.js'

export async function getRelease(
  r: PgReader,
  flagKey: string,
  envKey: string,
): Promise<ReleaseInfo | undefined> {
  const env = await envRow(r, envKey)
  const flag = await requireLiveFlag(r, flagKey)
  const row = await latestPlan(r, env.id, flag.id)
  return row === undefined ? undefined : toInfo(row, flagKey, envKey)
}

/** Serves a step's percentage through the ordinary flag write (actor `release-plan`). */
async function serveStep(
  ctx: PgCtx,
  flagKey: string,
  env: EnvRow,
  plan: { settings: ReleasePlanSettings; control: number },
  percent: number,
  out: Change[],
  enable = false,
): Promise<void> {
  const flag = await requireLiveFlag(ctx, flagKey)
  const current = (await configRow(ctx, env.id, flag.id)).config
  const patch = servePatch(current, plan, percent, enable)
  await updateFlagConfig(ctx, flagKey, env.key, patch, { actor: RELEASE_ACTOR }, out)
}

export async function startRelease(
  ctx: PgCtx,
  flagKey: string,
  envKey: string,
  settings: ReleasePlanSettings,
  actor: Actor,
  out: Change[],
  events: ReleaseEvent[],
): Promise<ReleaseInfo> {
  const env = await lockedEnvironment(ctx, envKey)
  const flag = await requireLiveFlag(ctx, flagKey)
  if ((await activePlan(ctx, env.id, flag.id)) !== undefined) {
    throw releaseUnderWay(flagKey, envKey)
  }
  const config = (await configRow(ctx, env.id, flag.id)).config
  const control = planControl(settings, config, toMeta(flag).variations.length)
  const now = ctx.now()
  const [row] = await ctx.db
    .insert(schema.releasePlans)
    .values({ environmentId: env.id, flagId: flag.id, ...newPlan(settings, control, actor, now) })
    .returning()
  if (row === undefined) throw new Error('the release plan insert returned no row')
  // A new release: the guards judge it on its own figures, from now on.
  await resetWindows(
    ctx,
    (await guardsOf(ctx, env.id, flag.id)).map((g) => g.id),
  )
  const first = settings.steps[0]?.percent ?? 0
  await serveStep(ctx, flagKey, env, { settings, control }, first, out, true)
  const info = toInfo(row, flagKey, envKey)
  await audit(ctx, actor, releaseAudit(info, 'release.start', null))
  events.push(releaseEvent(info, 'started', now))
  return info
}

/** What the current step has seen: its exposures, and each guard's judgement and samples. */
async function evidenceOf(ctx: PgCtx, env: EnvRow, row: PlanRow, settings: ReleasePlanSettings) {
  const e = schema.releaseStepExposures
  const rows = await ctx.db
    .select()
    .from(e)
    .where(and(eq(e.planId, row.id), eq(e.step, row.step)))
  const [flag] = await ctx.db.select().from(schema.flags).where(eq(schema.flags.id, row.flagId))
  const count = flag === undefined ? 0 : toMeta(flag).variations.length
  const guards = []
  for (const g of await guardsOf(ctx, env.id, row.flagId)) {
    guards.push({ row: g, status: await statusOf(ctx, g, count) })
  }
  return stepEvidence(rows, settings, guards)
}

/** Carries out what a plan does, in order; answers the plan's row after it. */
async function carryOut(
  ctx: PgCtx,
  env: EnvRow,
  flagKey: string,
  row: PlanRow,
  effect: PlanEffect,
  actor: Actor,
  before: ReleaseInfo,
  now: number,
  out: Change[],
  events: ReleaseEvent[],
): Promise<PlanRow> {
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  if (effect.serve !== undefined) {
    await serveStep(ctx, flagKey, env, { settings, control: row.control }, effect.serve, out)
  }
  if (effect.switchOff === true && (await configRow(ctx, env.id, row.flagId)).config.enabled) {
    await updateFlagConfig(ctx, flagKey, env.key, { enabled: false }, { actor: RELEASE_ACTOR }, out)
  }
  const current = effect.set === undefined ? row : await setPlan(ctx, row.id, effect.set)
  const info = toInfo(current, flagKey, env.key)
  if (effect.action !== undefined) {
    await audit(ctx, actor, releaseAudit(info, effect.action, before))
  }
  if (effect.kind !== undefined) events.push(releaseEvent(info, effect.kind, now))
  return current
}

/** Runs the plan's next move, if it has one now; what it did goes to `events`. */
export async function advancePlan(
  ctx: PgCtx,
  env: EnvRow,
  flagKey: string,
  row: PlanRow,
  out: Change[],
  events: ReleaseEvent[],
): Promise<void> {
  const settings = JSON.parse(row.settings) as ReleasePlanSettings
  const state = stateOf(row)
  const now = ctx.now()
  const evidence = await evidenceOf(ctx, env, row, settings)
  const { move, warnings } = nextMove(settings, state, evidence, now)
  let current = row
  if (warnings.length > 0) {
    current = await setPlan(ctx, row.id, warnedAfter(state, warnings))
    const info = toInfo(current, flagKey, env.key)
    for (const w of warnings) {
      const before = { trigger: w.trigger, reason: w.reason }
      await audit(ctx, RELEASE_ACTOR, releaseAudit(info, 'release.warning', before))
      events.push(releaseEvent(info, 'warning', now, w.reason))
    }
  }
  const effect = moveEffect(move, current, now)
  if (effect === undefined) return
  const before = toInfo(current, flagKey, env.key)
  await carryOut(ctx, env, flagKey, current, effect, RELEASE_ACTOR, before, now, out, events)
}

/** Counts a batch's exposures into the current step of each active plan of its flags. */
export async function countStepExposures(
  ctx: PgCtx,
  envId: number,
  flagId: number,
  exposures: { variation: number; count: number }[],
): Promise<PlanRow | undefined> {
  const plan = await activePlan(ctx, envId, flagId)
  if (plan === undefined) return undefined
  const e = schema.releaseStepExposures
  // Merged by variation: one upsert may touch each row once.
  const byVariation = new Map<number, number>()
  for (const x of exposures)
    byVariation.set(x.variation, (byVariation.get(x.variation) ?? 0) + x.count)
  if (byVariation.size === 0) return plan
  await ctx.db
    .insert(e)
    .values(
      [...byVariation].map(([variation, count]) => ({
        planId: plan.id,
        step: plan.step,
        variation,
        exposures: count,
      })),
    )
    .onConflictDoUpdate({
      target: [e.planId, e.step, e.variation],
      set: { exposures: sql`${e.exposures} + excluded.exposures` },
    })
  return plan
}

/**
 * Every plan that may move, in every environment: the timer's tick, which every process may
 * run. It locks the environments that have such plans, then reads the plans again: one that
 * another process moved meanwhile is seen as it is now.
 */
export async function advanceDuePlans(
  ctx: PgCtx,
  out: Change[],
  events: ReleaseEvent[],
): Promise<void> {
  const p = schema.releasePlans
  const due = await ctx.db
    .selectDistinct({ envId: p.environmentId })
    .from(p)
    .where(inArray(p.status, [...MOVING]))
  if (due.length === 0) return
  await lockEnvironments(
    ctx,
    due.map((d) => d.envId),
  )
  const rows = await ctx.db
    .select({ plan: p, envKey: schema.environments.key, flagKey: schema.flags.key })
    .from(p)
    .innerJoin(schema.environments, eq(schema.environments.id, p.environmentId))
    .innerJoin(schema.flags, eq(schema.flags.id, p.flagId))
    .where(
      and(
        inArray(p.status, [...MOVING]),
        inArray(
          p.environmentId,
          due.map((d) => d.envId),
        ),
      ),
    )
    .orderBy(asc(p.id))
  for (const r of rows) {
    const env = { id: r.plan.environmentId, key: r.envKey }
    await advancePlan(ctx, env, r.flagKey, r.plan, out, events)
  }
}

export async function controlRelease(
  ctx: PgCtx,
  flagKey: string,
  envKey: string,
  control: ReleaseControl,
  actor: Actor,
  out: Change[],
  events: ReleaseEvent[],
): Promise<ReleaseInfo> {
  const env = await lockedEnvironment(ctx, envKey)
  const flag = await requireLiveFlag(ctx, flagKey)
  const row = await activePlan(ctx, env.id, flag.id)
  if (row === undefined) throw noReleaseUnderWay(flagKey, envKey)
  const before = toInfo(row, flagKey, envKey)
  const now = ctx.now()
  const effect = { ...controlEffect(control, row, actor, now), action: `release.${control.action}` }
  const current = await carryOut(ctx, env, flagKey, row, effect, actor, before, now, out, events)
  if (current.status === 'running') await advancePlan(ctx, env, flagKey, current, out, events)
  const after = (await latestPlan(ctx, env.id, flag.id)) as PlanRow
  return toInfo(after, flagKey, envKey)
}
