/**
 * The rows of release plans: reading a flag's latest or active plan, writing its state, and
 * pausing it when a person edits the rollout by hand (the person is then in charge).
 */
import { and, desc, eq } from 'drizzle-orm'
import type { Actor } from '../store.js'
import {
  ACTIVE,
  RELEASE_ACTOR,
  handEditPause,
  isActive,
  toInfo,
  type PlanValues,
} from '../common/release-rules.js'
import { schema, type Ctx } from './context.js'

export { ACTIVE, RELEASE_ACTOR, toInfo }

export type PlanRow = typeof schema.releasePlans.$inferSelect

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
  return row !== undefined && isActive(row) ? row : undefined
}

export function setPlan(ctx: Ctx, id: number, values: PlanValues): PlanRow {
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
  const pause = handEditPause(actor, plan)
  if (plan !== undefined && pause !== undefined) setPlan(ctx, plan.id, pause)
}
