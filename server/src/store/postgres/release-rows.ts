/**
 * The rows of release plans: reading a flag's latest or active plan, writing its state, and
 * pausing it when a person edits the rollout by hand (the person is then in charge).
 */
import { and, desc, eq } from 'drizzle-orm'
import type { Actor } from '../store.js'
import { RELEASE_ACTOR, handEditPause, isActive, type PlanValues } from '../common/release-rules.js'
import { schema, type PgCtx } from './context.js'
import type { PgReader } from './rows.js'

export type PlanRow = typeof schema.releasePlans.$inferSelect

export async function latestPlan(
  r: PgReader,
  envId: number,
  flagId: number,
): Promise<PlanRow | undefined> {
  const p = schema.releasePlans
  const [row] = await r.db
    .select()
    .from(p)
    .where(and(eq(p.environmentId, envId), eq(p.flagId, flagId)))
    .orderBy(desc(p.id))
    .limit(1)
  return row
}

export async function activePlan(
  r: PgReader,
  envId: number,
  flagId: number,
): Promise<PlanRow | undefined> {
  const row = await latestPlan(r, envId, flagId)
  return row !== undefined && isActive(row) ? row : undefined
}

export async function setPlan(ctx: PgCtx, id: number, values: PlanValues): Promise<PlanRow> {
  const [row] = await ctx.db
    .update(schema.releasePlans)
    .set({ ...values, updatedAt: ctx.now() })
    .where(eq(schema.releasePlans.id, id))
    .returning()
  if (row === undefined) throw new Error(`release plan ${id} vanished`)
  return row
}

/** A hand edit of the rollout while a plan runs pauses the plan: the person is in charge. */
export async function pauseForHandEdit(
  ctx: PgCtx,
  envId: number,
  flagId: number,
  actor: Actor,
): Promise<void> {
  if (actor.name === RELEASE_ACTOR.name) return
  const plan = await activePlan(ctx, envId, flagId)
  const pause = handEditPause(actor, plan)
  if (plan !== undefined && pause !== undefined) await setPlan(ctx, plan.id, pause)
}
