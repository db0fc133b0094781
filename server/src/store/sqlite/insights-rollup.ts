/**
 * Rolls the per-minute event figures up into hours and days, which outlive the minutes
 * (server README, "Retention"). It runs before each batch is counted (and before the minutes
 * older than their retention are deleted), and adds each ended chunk of minutes once:
 * `event_rollup.until` says how far the roll-ups reach, so a read takes the hours and days
 * before it and the minutes from it on. The hot path of a batch gains one primary-key read.
 */
import { eq, gte, sql } from 'drizzle-orm'
import { schema, type Ctx } from './context.js'
import {
  EVENT_DAYS_KEPT_MS,
  EVENT_HOURS_KEPT_MS,
  ROLLUP_CHUNK_MS,
  dayCells,
  prunesRollups,
  rollupEnd,
  rollupRange,
  type RollupCell,
} from '../common/insights-cells.js'
import { DAY, HOUR } from '../../insights/periods.js'

export { DAY, HOUR, EVENT_DAYS_KEPT_MS, EVENT_HOURS_KEPT_MS, ROLLUP_CHUNK_MS }

const ROW = 1

/** Every minute before the answer is in the roll-ups; none from it on. */
export function rolledUntil(ctx: Ctx): number | undefined {
  return ctx.db
    .select({ until: schema.eventRollup.until })
    .from(schema.eventRollup)
    .where(eq(schema.eventRollup.id, ROW))
    .get()?.until
}

const p = (name: string) => sql.placeholder(name)

/** An upsert into a roll-up table, prepared once per database: it runs once per cell. */
function prepareUpsert(ctx: Ctx, table: typeof schema.eventHours | typeof schema.eventDays) {
  return ctx.db
    .insert(table)
    .values({
      environmentId: p('environmentId'),
      flagId: p('flagId'),
      metric: p('metric'),
      variation: p('variation'),
      at: p('at'),
      count: p('count'),
      sum: p('sum'),
      sumSquares: p('sumSquares'),
    })
    .onConflictDoUpdate({
      target: [table.environmentId, table.flagId, table.metric, table.variation, table.at],
      set: {
        count: sql`count + excluded.count`,
        sum: sql`sum + excluded.sum`,
        sumSquares: sql`sum_squares + excluded.sum_squares`,
      },
    })
    .prepare()
}

const upserts = new WeakMap<Ctx['db'], Record<'hours' | 'days', ReturnType<typeof prepareUpsert>>>()

/** Adds cells to the hourly or daily roll-ups. */
function addCells(ctx: Ctx, table: 'hours' | 'days', cells: Iterable<RollupCell>) {
  let s = upserts.get(ctx.db)
  if (s === undefined) {
    s = { hours: prepareUpsert(ctx, schema.eventHours), days: prepareUpsert(ctx, schema.eventDays) }
    upserts.set(ctx.db, s)
  }
  for (const c of cells) s[table].run({ ...c })
}

/** The minutes in [from, to) per hour, read once for both roll-ups. */
function hourCells(ctx: Ctx, from: number, to: number): RollupCell[] {
  return ctx.db.all<RollupCell>(sql`
    select environment_id as environmentId, flag_id as flagId, metric, variation,
      minute - minute % ${HOUR} as at,
      sum(count) as count, sum(sum) as sum, sum(sum_squares) as sumSquares
    from event_minutes where minute >= ${from} and minute < ${to}
    group by environment_id, flag_id, metric, variation, minute - minute % ${HOUR}`)
}

/**
 * Rolls up the oldest minutes not rolled up yet, one ended chunk per batch: a server that has
 * been away (or upgraded with 30 days of minutes) catches up a chunk a batch, reads staying
 * exact meanwhile; and every minute the batch is about to delete as too old, whatever the lag.
 */
export function rollUp(ctx: Ctx): void {
  const now = ctx.now()
  let until = rolledUntil(ctx)
  if (until === undefined) {
    until = 0
    ctx.db.insert(schema.eventRollup).values({ id: ROW, until }).run()
  }
  if (until >= rollupEnd(now)) return
  // The next minute at or after `until` (one seek of the minute index).
  const next = ctx.db
    .select({ minute: sql<number | null>`min(${schema.eventMinutes.minute})` })
    .from(schema.eventMinutes)
    .where(gte(schema.eventMinutes.minute, until))
    .get()?.minute
  const { from, to } = rollupRange(now, next ?? null)
  if (from < to) {
    const hours = hourCells(ctx, from, to)
    addCells(ctx, 'hours', hours)
    addCells(ctx, 'days', dayCells(hours))
  }
  ctx.db.update(schema.eventRollup).set({ until: to }).where(eq(schema.eventRollup.id, ROW)).run()
  if (prunesRollups(to)) {
    ctx.db.run(sql`delete from event_hours where at < ${now - EVENT_HOURS_KEPT_MS}`)
    ctx.db.run(sql`delete from event_days where at < ${now - EVENT_DAYS_KEPT_MS}`)
  }
}
