/**
 * The rows of release plans: reading a flag's latest or active plan, writing its state, and
 * pausing it when a person edits the rollout by hand (the person is then in charge).
 */
import { and, desc, eq } from 'drizzle-orm'
import type { Trigger } from '../../release/next-move.js'
import type { ReleasePlanSettings } from '../../release/plan-schema.js'
import type { ReleaseInfo } from '../../release/release-model.js'
import type { Actor } from '../store.js'
import { schema, type Ctx } from './context.js'

export const RELEASE_ACTOR: Actor = { name: 'release-plan' }

export type PlanRow = typeof schema.releasePlans.$inferSelect

export const ACTIVE = ['running', 'awaiting-approval', 'paused'] as const

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

export function latestPlan(ctx: Ctx, envId: number, flagId: number): PlanRow | undefined {
  const p = schema.releasePlans
  return ctx.db
    .select()
    .from(p)
    .where(and(eq(p.environmentId, envId), eq(p.flagId, flagId)))
    .orderBy(desc(p.id))
    .limit(1)
    .get()
}

export function activePlan(ctx: Ctx, envId: number, flagId: number): PlanRow | undefined {
  const row = latestPlan(ctx, envId, flagId)
  return row !== undefined && (ACTIVE as readonly string[]).includes(row.status) ? row : undefined
}

export function setPlan(ctx: Ctx, id: number, values: Partial<PlanRow>): PlanRow {
  return ctx.db
    .update(schema.releasePlans)
    .set({ ...values, updatedAt: ctx.now() })
    .where(eq(schema.releasePlans.id, id))
    .returning()
    .get()
}

/** A hand edit of the rollout while a plan runs pauses the plan: the person is in charge. */
export function pauseForHandEdit(ctx: Ctx, envId: number, flagId: number, actor: Actor): void {
  if (actor.name === RELEASE_ACTOR.name) return
  const plan = activePlan(ctx, envId, flagId)
  if (plan === undefined || plan.status === 'paused') return
  setPlan(ctx, plan.id, { status: 'paused', reason: `${actor.name} edited the rollout by hand` })
}
