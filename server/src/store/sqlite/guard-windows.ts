/**
 * Reading and resetting guards' observation windows: each guard's settings and state, the
 * totals, source figures and per-minute series of its window; the guard judges them.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm'
import type { Strata } from '../../guard/assess.js'
import type { GuardStatus, SeriesPoint } from '../../guard/guard-model.js'
import { guardStatus } from '../../guard/status.js'
import type { WindowFigures } from '../../guard/window.js'
import { seriesStep, settingsOf, strataOf } from '../common/guard-rules.js'
import { schema, type Ctx } from './context.js'
import { statements } from './event-statements.js'

export type GuardRow = typeof schema.guards.$inferSelect

export { settingsOf }

export function guardsOf(ctx: Ctx, envId: number, flagId: number): GuardRow[] {
  return ctx.db
    .select()
    .from(schema.guards)
    .where(and(eq(schema.guards.environmentId, envId), eq(schema.guards.flagId, flagId)))
    .orderBy(asc(schema.guards.position))
    .all()
}

/** The window's figures per stratum and variation. */
export function windowTotals(ctx: Ctx, guardId: number): Strata {
  return strataOf(statements(ctx).windowTotals.all({ guardId }))
}

/**
 * A guard's window as the guard judges it: its totals, and the figures of the client sources
 * with the largest exposures, counts or sums of squares (the candidates to leave out).
 */
export function figuresOf(ctx: Ctx, row: GuardRow): WindowFigures {
  const s = statements(ctx)
  const guardId = row.id
  const largest = [
    ...s.largestSourcesByExposures.all({ guardId }),
    ...s.largestSourcesByCount.all({ guardId }),
    ...s.largestSourcesBySumSquares.all({ guardId }),
  ]
  const candidates = new Map<string, Strata>()
  for (const { source } of largest) {
    if (candidates.has(source)) continue
    candidates.set(source, strataOf(s.sourceFigures.all({ guardId, source })))
  }
  const counted = s.sourceCount.get({ guardId })
  return {
    totals: windowTotals(ctx, guardId),
    candidates,
    clientSources: counted?.client ?? 0,
    serverKeys: (counted?.server ?? 0) > 0,
  }
}

function windowSeries(ctx: Ctx, guardId: number, since: number): SeriesPoint[] {
  const m = schema.guardMinutes
  const step = seriesStep(since, ctx.now())
  const at = sql<number>`${m.minute} - ${m.minute} % ${step}`
  return ctx.db
    .select({
      at,
      variation: m.variation,
      exposures: sql<number>`sum(${m.exposures})`,
      count: sql<number>`sum(${m.count})`,
      sum: sql<number>`sum(${m.sum})`,
    })
    .from(m)
    .where(eq(m.guardId, guardId))
    .groupBy(at, m.variation)
    .orderBy(at, asc(m.variation))
    .all()
}

export function statusOf(ctx: Ctx, row: GuardRow, variationCount: number): GuardStatus {
  const stored = {
    settings: settingsOf(row),
    trippedAt: row.trippedAt,
    since: row.since,
    figures: figuresOf(ctx, row),
    series: windowSeries(ctx, row.id, row.since),
  }
  return guardStatus(stored, variationCount)
}

/** Starts new windows for the given guards: nothing from before counts. */
export function resetWindows(ctx: Ctx, guardIds: number[]): void {
  for (const id of guardIds) {
    ctx.db.delete(schema.guardMinutes).where(eq(schema.guardMinutes.guardId, id)).run()
    ctx.db.delete(schema.guardTotals).where(eq(schema.guardTotals.guardId, id)).run()
    ctx.db.delete(schema.guardSources).where(eq(schema.guardSources.guardId, id)).run()
    ctx.db
      .update(schema.guards)
      .set({ since: ctx.now(), trippedAt: null, notifiedAt: null })
      .where(eq(schema.guards.id, id))
      .run()
  }
}

/**
 * A flag switched back on after a guard tripped is a new release: every guard of the flag in
 * that environment starts a new window, so the evidence of the old one can not trip it again.
 */
export function resetAfterTrip(ctx: Ctx, envId: number, flagId: number): void {
  const tripped = ctx.db
    .select({ id: schema.guards.id })
    .from(schema.guards)
    .where(
      and(
        eq(schema.guards.environmentId, envId),
        eq(schema.guards.flagId, flagId),
        isNotNull(schema.guards.trippedAt),
      ),
    )
    .get()
  if (tripped === undefined) return
  resetWindows(
    ctx,
    guardsOf(ctx, envId, flagId).map((g) => g.id),
  )
}

/**
 * The flag's traffic is split anew (a step of a ramp, a rollout edited): its guards count
 * into a new stratum from now on, so that each comparison of arms stays within one split and
 * a change of level between splits biases neither arm (sequential-test.ts, stratifiedTest).
 */
export function newStratum(ctx: Ctx, envId: number, flagId: number): void {
  ctx.db
    .update(schema.guards)
    .set({ stratum: sql`${schema.guards.stratum} + 1` })
    .where(and(eq(schema.guards.environmentId, envId), eq(schema.guards.flagId, flagId)))
    .run()
}
