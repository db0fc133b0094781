/**
 * Rolls each environment's per-minute event figures up into hours and days, which outlive the
 * minutes (server README, "Retention"). A batch rolls its environment up under the
 * environment's lock before it is counted (and before the minutes older than their retention
 * are deleted), one ended chunk at a time (common/insights-cells.ts): the environment's
 * `event_rollup` row (id = the environment's id) says how far its roll-ups reach, so a read
 * takes the hours and days before it and the minutes from it on, and however many processes
 * count batches, each minute is rolled up once.
 */
import { and, eq, gte, lt, min, sql } from 'drizzle-orm'
import type pg from 'pg'
import {
  EVENT_DAYS_KEPT_MS,
  EVENT_HOURS_KEPT_MS,
  dayCells,
  prunesRollups,
  rollupEnd,
  rollupRange,
  type RollupCell,
} from '../common/insights-cells.js'
import { HOUR } from '../../insights/periods.js'
import { schema, type PgCtx } from './context.js'
import type { PgReader } from './rows.js'

/** Every minute of the environment before the answer is in the roll-ups; none from it on. */
export async function rolledUntil(r: PgReader, envId: number): Promise<number | undefined> {
  const [row] = await r.db
    .select({ until: schema.eventRollup.until })
    .from(schema.eventRollup)
    .where(eq(schema.eventRollup.id, envId))
  return row?.until
}

/**
 * How far another server's clock may lag this one's: a chunk is rolled up only once it ended
 * that long ago, so that no process counts a minute behind the roll-ups' reach (where reads
 * would no longer see it).
 */
export const CLOCK_SKEW_MS = 60_000

/** Rows per upsert: eight parameters each, well under PostgreSQL's bound of a statement. */
const ROWS_PER_UPSERT = 1000

/** Adds cells to the hourly or daily roll-ups; figures add up in SQL. */
async function addCells(
  ctx: PgCtx,
  table: typeof schema.eventHours | typeof schema.eventDays,
  cells: readonly RollupCell[],
): Promise<void> {
  for (let i = 0; i < cells.length; i += ROWS_PER_UPSERT) {
    await ctx.db
      .insert(table)
      .values(cells.slice(i, i + ROWS_PER_UPSERT))
      .onConflictDoUpdate({
        target: [table.environmentId, table.flagId, table.metric, table.variation, table.at],
        set: {
          count: sql`${table.count} + excluded.count`,
          sum: sql`${table.sum} + excluded.sum`,
          sumSquares: sql`${table.sumSquares} + excluded.sum_squares`,
        },
      })
  }
}

/** The environment's minutes in [from, to) per hour, read once for both roll-ups. */
function hourCells(ctx: PgCtx, envId: number, from: number, to: number): Promise<RollupCell[]> {
  const em = schema.eventMinutes
  // A literal, not a parameter: the select and the group by must name the same expression.
  const at = sql`${em.minute} - ${em.minute} % ${sql.raw(String(HOUR))}`
  return ctx.db
    .select({
      environmentId: em.environmentId,
      flagId: em.flagId,
      metric: em.metric,
      variation: em.variation,
      at: at.mapWith(Number),
      count: sql`sum(${em.count})`.mapWith(Number),
      sum: sql`sum(${em.sum})`.mapWith(Number),
      sumSquares: sql`sum(${em.sumSquares})`.mapWith(Number),
    })
    .from(em)
    .where(and(eq(em.environmentId, envId), gte(em.minute, from), lt(em.minute, to)))
    .groupBy(em.environmentId, em.flagId, em.metric, em.variation, at)
}

/** Rolls up the environment's next ended chunk of minutes. The caller holds its lock. */
export async function rollUp(ctx: PgCtx, envId: number): Promise<void> {
  const now = ctx.now()
  let until = await rolledUntil(ctx, envId)
  if (until === undefined) {
    until = 0
    await ctx.db.insert(schema.eventRollup).values({ id: envId, until })
  }
  if (until >= rollupEnd(now, CLOCK_SKEW_MS)) return
  // The environment's next minute at or after `until` (one seek of the primary key).
  const em = schema.eventMinutes
  const [next] = await ctx.db
    .select({ minute: min(em.minute) })
    .from(em)
    .where(and(eq(em.environmentId, envId), gte(em.minute, until)))
  const { from, to } = rollupRange(now, next?.minute ?? null, CLOCK_SKEW_MS)
  if (from < to) {
    const hours = await hourCells(ctx, envId, from, to)
    await addCells(ctx, schema.eventHours, hours)
    await addCells(ctx, schema.eventDays, dayCells(hours))
  }
  await ctx.db.update(schema.eventRollup).set({ until: to }).where(eq(schema.eventRollup.id, envId))
  if (prunesRollups(to)) {
    const eh = schema.eventHours
    const ed = schema.eventDays
    await ctx.db
      .delete(eh)
      .where(and(eq(eh.environmentId, envId), lt(eh.at, now - EVENT_HOURS_KEPT_MS)))
    await ctx.db
      .delete(ed)
      .where(and(eq(ed.environmentId, envId), lt(ed.at, now - EVENT_DAYS_KEPT_MS)))
  }
}

/**
 * After a copy from SQLite, whose one `event_rollup` row (id 1) is the reach of every
 * environment's roll-ups: gives each environment that reach as its own, so that no minute
 * already in the copied roll-ups is added again.
 */
export async function spreadCopiedReach(pool: pg.Pool): Promise<void> {
  await pool.query(`
    insert into event_rollup (id, until)
    select e.id, r.until from environments e cross join event_rollup r where r.id = 1
    on conflict (id) do nothing`)
}
