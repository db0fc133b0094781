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
import { schema, type PgCtx } from './context.js'
import {
  guardsOf,
  largestSources,
  sourceCount,
  sourceFigureRows,
  windowTotalRows,
} from './event-statements.js'
import type { PgReader } from './rows.js'

export type GuardRow = typeof schema.guards.$inferSelect

export { guardsOf }

/**
 * A guard's window as the guard judges it: its totals, and the figures of the client sources
 * with the largest exposures, counts or sums of squares (the candidates to leave out).
 */
export async function figuresOf(r: PgReader, row: GuardRow): Promise<WindowFigures> {
  const guardId = row.id
  const candidates = new Map<string, Strata>()
  for (const source of await largestSources(r, guardId)) {
    if (candidates.has(source)) continue
    candidates.set(source, strataOf(await sourceFigureRows(r, guardId, source)))
  }
  const counted = await sourceCount(r, guardId)
  return {
    totals: strataOf(await windowTotalRows(r, guardId)),
    candidates,
    clientSources: counted.client,
    serverKeys: counted.server > 0,
  }
}

async function windowSeries(r: PgReader, guardId: number, since: number): Promise<SeriesPoint[]> {
  const m = schema.guardMinutes
  const step = seriesStep(since, r.now())
  // The step inlined (a computed integer): the grouped expression must be the selected one,
  // and two parameters would be two expressions to PostgreSQL.
  const at = sql<number>`${m.minute} - ${m.minute} % ${sql.raw(String(step))}`
  // Sums of bigint columns are numeric, which the driver gives as text: read them as numbers.
  return r.db
    .select({
      at: at.mapWith(Number),
      variation: m.variation,
      exposures: sql<number>`sum(${m.exposures})`.mapWith(Number),
      count: sql<number>`sum(${m.count})`.mapWith(Number),
      sum: sql<number>`sum(${m.sum})`.mapWith(Number),
    })
    .from(m)
    .where(eq(m.guardId, guardId))
    .groupBy(at, m.variation)
    .orderBy(at, asc(m.variation))
}

export async function statusOf(
  r: PgReader,
  row: GuardRow,
  variationCount: number,
): Promise<GuardStatus> {
  const stored = {
    settings: settingsOf(row),
    trippedAt: row.trippedAt,
    since: row.since,
    figures: await figuresOf(r, row),
    series: await windowSeries(r, row.id, row.since),
  }
  return guardStatus(stored, variationCount)
}

/** Starts new windows for the given guards: nothing from before counts. */
export async function resetWindows(ctx: PgCtx, guardIds: number[]): Promise<void> {
  for (const id of guardIds) {
    await ctx.db.delete(schema.guardMinutes).where(eq(schema.guardMinutes.guardId, id))
    await ctx.db.delete(schema.guardTotals).where(eq(schema.guardTotals.guardId, id))
    await ctx.db.delete(schema.guardSources).where(eq(schema.guardSources.guardId, id))
    await ctx.db
      .update(schema.guards)
      .set({ since: ctx.now(), trippedAt: null, notifiedAt: null })
      .where(eq(schema.guards.id, id))
  }
}

/**
 * A flag switched back on after a guard tripped is a new release: every guard of the flag in
 * that environment starts a new window, so the evidence of the old one can not trip it again.
 */
export async function resetAfterTrip(ctx: PgCtx, envId: number, flagId: number): Promise<void> {
  const [tripped] = await ctx.db
    .select({ id: schema.guards.id })
    .from(schema.guards)
    .where(
      and(
        eq(schema.guards.environmentId, envId),
        eq(schema.guards.flagId, flagId),
        isNotNull(schema.guards.trippedAt),
      ),
    )
    .limit(1)
  if (tripped === undefined) return
  await resetWindows(
    ctx,
    (await guardsOf(ctx, envId, flagId)).map((g) => g.id),
  )
}

/**
 * The flag's traffic is split anew (a step of a ramp, a rollout edited): its guards count
 * into a new stratum from now on, so that each comparison of arms stays within one split.
 */
export async function newStratum(ctx: PgCtx, envId: number, flagId: number): Promise<void> {
  await ctx.db
    .update(schema.guards)
    .set({ stratum: sql`${schema.guards.stratum} + 1` })
    .where(and(eq(schema.guards.environmentId, envId), eq(schema.guards.flagId, flagId)))
}
