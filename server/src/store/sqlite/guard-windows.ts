/**
 * Reading and resetting guards' observation windows: each guard's settings and state, the
 * totals and per-minute series of its window, and the status the admin API shows.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm'
import { assess, type RawFigures } from '../../guard/assess.js'
import { leaveOneOut } from '../../guard/leave-one-out.js'
import type {
  GuardSettings,
  GuardStatus,
  SeriesPoint,
  WindowSources,
} from '../../guard/guard-model.js'
import { schema, type Ctx } from './context.js'
import { statements } from './event-statements.js'

export type GuardRow = typeof schema.guards.$inferSelect

export function guardsOf(ctx: Ctx, envId: number, flagId: number): GuardRow[] {
  return ctx.db
    .select()
    .from(schema.guards)
    .where(and(eq(schema.guards.environmentId, envId), eq(schema.guards.flagId, flagId)))
    .orderBy(asc(schema.guards.position))
    .all()
}

export function settingsOf(row: GuardRow): GuardSettings {
  return {
    metric: row.metric,
    kind: row.kind,
    worseWhen: row.worseWhen,
    threshold: row.threshold,
    minSamples: row.minSamples,
    control: row.control,
    action: row.action,
    alpha: row.alpha,
  }
}

/** The window's totals per variation. */
export function windowTotals(ctx: Ctx, guardId: number): Map<number, RawFigures> {
  const rows = statements(ctx).windowTotals.all({ guardId })
  return new Map(rows.map(({ variation, ...f }) => [variation, f]))
}

/**
 * The totals a guard decides on (the trust model): the window's totals less the client
 * source that sways the test most, among the sources with the largest figures.
 */
export function trustedTotals(
  ctx: Ctx,
  row: GuardRow,
): { totals: Map<number, RawFigures>; raw: Map<number, RawFigures>; sources: WindowSources } {
  const s = statements(ctx)
  const guardId = row.id
  const totals = windowTotals(ctx, guardId)
  const largest = [
    ...s.largestSourcesByExposures.all({ guardId }),
    ...s.largestSourcesByCount.all({ guardId }),
    ...s.largestSourcesBySumSquares.all({ guardId }),
  ]
  const candidates = new Map<string, Map<number, RawFigures>>()
  for (const { source } of largest) {
    if (candidates.has(source)) continue
    const rows = s.sourceFigures.all({ guardId, source })
    candidates.set(source, new Map(rows.map(({ variation, ...f }) => [variation, f])))
  }
  const trusted = leaveOneOut(settingsOf(row), totals, candidates)
  const counted = s.sourceCount.get({ guardId })
  return {
    totals: new Map(trusted.totals),
    raw: totals,
    sources: {
      clientSources: counted?.client ?? 0,
      serverKeys: (counted?.server ?? 0) > 0,
      leftOut: trusted.leftOut,
    },
  }
}

/** The most points per variation a series has: a long window is charted in coarser steps. */
export const SERIES_POINTS = 1440

const MINUTE = 60_000

function windowSeries(ctx: Ctx, guardId: number, since: number): SeriesPoint[] {
  const m = schema.guardMinutes
  const minutes = Math.ceil((ctx.now() - since) / MINUTE) + 1
  const step = Math.max(1, Math.ceil(minutes / SERIES_POINTS)) * MINUTE
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
  const settings = settingsOf(row)
  const trusted = trustedTotals(ctx, row)
  const a = assess(settings, variationCount, trusted.totals)
  return {
    ...settings,
    sources: trusted.sources,
    state: row.trippedAt === null ? a.state : 'tripped',
    since: row.since,
    trippedAt: row.trippedAt,
    // Everything that arrived; the state and comparisons are judged as the trust model says.
    variations: assess(settings, variationCount, trusted.raw).variations,
    comparisons: a.comparisons,
    series: windowSeries(ctx, row.id, row.since),
  }
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
