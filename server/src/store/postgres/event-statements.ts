/**
 * The statements of the events hot path: counting a batch's cells into the per-minute figures
 * and the guards' windows, each table in one multi-row upsert whose figures add up in SQL
 * (`count + excluded.count`), so that batches counted by other processes are never lost; and
 * reading a guard's window back.
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm'
import { SOURCE_CANDIDATES } from '../../guard/leave-one-out.js'
import type { WindowCell } from '../common/event-cells.js'
import { schema } from './context.js'
import type { PgReader } from './rows.js'

export interface MinuteRow {
  environmentId: number
  flagId: number
  metric: string
  variation: number
  minute: number
  count: number
  sum: number
  sumSquares: number
}

export async function addToMinutes(r: PgReader, rows: MinuteRow[]): Promise<void> {
  if (rows.length === 0) return
  const em = schema.eventMinutes
  await r.db
    .insert(em)
    .values(rows)
    .onConflictDoUpdate({
      target: [em.environmentId, em.flagId, em.metric, em.variation, em.minute],
      set: {
        count: sql`${em.count} + excluded.count`,
        sum: sql`${em.sum} + excluded.sum`,
        sumSquares: sql`${em.sumSquares} + excluded.sum_squares`,
      },
    })
}

/** Adds window cells (merged: one per guard and variation) to the guards' windows. */
export async function addToWindows(
  r: PgReader,
  cells: WindowCell[],
  source: string,
): Promise<void> {
  if (cells.length === 0) return
  const gm = schema.guardMinutes
  const gt = schema.guardTotals
  const gs = schema.guardSources
  const figures = (t: typeof gm | typeof gt | typeof gs) => ({
    exposures: sql`${t.exposures} + excluded.exposures`,
    count: sql`${t.count} + excluded.count`,
    sum: sql`${t.sum} + excluded.sum`,
    sumSquares: sql`${t.sumSquares} + excluded.sum_squares`,
  })
  const values = cells.map((c) => ({
    guardId: c.guardId,
    variation: c.variation,
    exposures: c.exposures,
    count: c.count,
    sum: c.sum,
    sumSquares: c.sumSquares,
  }))
  await r.db
    .insert(gm)
    .values(cells.map((c, i) => ({ ...values[i]!, minute: c.minute })))
    .onConflictDoUpdate({ target: [gm.guardId, gm.minute, gm.variation], set: figures(gm) })
  await r.db
    .insert(gt)
    .values(cells.map((c, i) => ({ ...values[i]!, stratum: c.stratum })))
    .onConflictDoUpdate({ target: [gt.guardId, gt.stratum, gt.variation], set: figures(gt) })
  await r.db
    .insert(gs)
    .values(cells.map((c, i) => ({ ...values[i]!, stratum: c.stratum, source })))
    .onConflictDoUpdate({
      target: [gs.guardId, gs.source, gs.stratum, gs.variation],
      set: figures(gs),
    })
}

export function guardsOf(r: PgReader, envId: number, flagId: number) {
  const g = schema.guards
  return r.db
    .select()
    .from(g)
    .where(and(eq(g.environmentId, envId), eq(g.flagId, flagId)))
    .orderBy(asc(g.position))
}

export function windowTotalRows(r: PgReader, guardId: number) {
  const gt = schema.guardTotals
  return r.db
    .select({
      stratum: gt.stratum,
      variation: gt.variation,
      exposures: gt.exposures,
      count: gt.count,
      sum: gt.sum,
      sumSquares: gt.sumSquares,
    })
    .from(gt)
    .where(eq(gt.guardId, guardId))
}

/** The client sources of a guard's window with the largest exposures, counts, sums of squares. */
export async function largestSources(r: PgReader, guardId: number): Promise<string[]> {
  const gs = schema.guardSources
  const largestBy = (column: typeof gs.exposures | typeof gs.count | typeof gs.sumSquares) =>
    r.db
      .select({ source: gs.source })
      .from(gs)
      .where(and(eq(gs.guardId, guardId), ne(gs.source, '')))
      .orderBy(desc(column))
      // Twice the guard's pick: it may pick again without an outlier (trustedTotals).
      .limit(SOURCE_CANDIDATES * 2)
  const lists = [
    await largestBy(gs.exposures),
    await largestBy(gs.count),
    await largestBy(gs.sumSquares),
  ]
  return lists.flat().map((row) => row.source)
}

export function sourceFigureRows(r: PgReader, guardId: number, source: string) {
  const gs = schema.guardSources
  return r.db
    .select({
      stratum: gs.stratum,
      variation: gs.variation,
      exposures: gs.exposures,
      count: gs.count,
      sum: gs.sum,
      sumSquares: gs.sumSquares,
    })
    .from(gs)
    .where(and(eq(gs.guardId, guardId), eq(gs.source, source)))
}

/** How many client sources the window has, and whether server keys counted into it. */
export async function sourceCount(
  r: PgReader,
  guardId: number,
): Promise<{ client: number; server: number }> {
  const gs = schema.guardSources
  const [row] = await r.db
    .select({
      client: sql<number>`count(distinct ${gs.source}) filter (where ${gs.source} != '')`.mapWith(
        Number,
      ),
      server: sql<number>`count(*) filter (where ${gs.source} = '')`.mapWith(Number),
    })
    .from(gs)
    .where(eq(gs.guardId, guardId))
  return row ?? { client: 0, server: 0 }
}

export async function configJson(
  r: PgReader,
  envId: number,
  flagId: number,
): Promise<string | undefined> {
  const fc = schema.flagConfigs
  const [row] = await r.db
    .select({ config: fc.config })
    .from(fc)
    .where(and(eq(fc.environmentId, envId), eq(fc.flagId, flagId)))
  return row?.config
}
