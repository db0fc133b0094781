/**
 * Rolls the per-minute event figures up into hours and days, which outlive the minutes
 * (server README, "Retention"). It runs before each batch is counted (and before the minutes
 * older than their retention are deleted), and adds each ended chunk of minutes once:
 * `event_rollup.until` says how far the roll-ups reach, so a read takes the hours and days
 * before it and the minutes from it on. The hot path of a batch gains one primary-key read.
 */
import { eq, gte, sql } from 'drizzle-orm'
import { schema, type Ctx } from './context.js'
import { EVENT_MINUTES_KEPT_MS } from './event-writes.js'

import { DAY, HOUR } from '../../insights/periods.js'

export { DAY, HOUR }
/** How long the hourly roll-ups are kept: the flag page's chart and the experiment view. */
export const EVENT_HOURS_KEPT_MS = 90 * DAY
/** How long the daily roll-ups are kept: the flag list's charts and the stale report. */
export const EVENT_DAYS_KEPT_MS = 400 * DAY

const ROW = 1

/** Every minute before the answer is in the roll-ups; none from it on. */
export function rolledUntil(ctx: Ctx): number | undefined {
  return ctx.db
    .select({ until: schema.eventRollup.until })
    .from(schema.eventRollup)
    .where(eq(schema.eventRollup.id, ROW))
    .get()?.until
}

interface Cell {
  environmentId: number
  flagId: number
  metric: string
  variation: number
  at: number
  count: number
  sum: number
  sumSquares: number
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
function addCells(ctx: Ctx, table: 'hours' | 'days', cells: Iterable<Cell>) {
  let s = upserts.get(ctx.db)
  if (s === undefined) {
    s = { hours: prepareUpsert(ctx, schema.eventHours), days: prepareUpsert(ctx, schema.eventDays) }
    upserts.set(ctx.db, s)
  }
  for (const c of cells) s[table].run({ ...c })
}

/** The minutes in [from, to) per hour, read once for both roll-ups. */
function hourCells(ctx: Ctx, from: number, to: number): Cell[] {
  return ctx.db.all<Cell>(sql`
    select environment_id as environmentId, flag_id as flagId, metric, variation,
      minute - minute % ${HOUR} as at,
      sum(count) as count, sum(sum) as sum, sum(sum_squares) as sumSquares
    from event_minutes where minute >= ${from} and minute < ${to}
    group by environment_id, flag_id, metric, variation, minute - minute % ${HOUR}`)
}

function dayCells(hours: readonly Cell[]): Iterable<Cell> {
  const days = new Map<string, Cell>()
  for (const h of hours) {
    const at = h.at - (h.at % DAY)
    const id = `${h.environmentId}\u0000${h.flagId}\u0000${h.metric}\u0000${h.variation}\u0000${at}`
    const d = days.get(id)
    if (d === undefined) days.set(id, { ...h, at })
    else {
      d.count += h.count
      d.sum += h.sum
      d.sumSquares += h.sumSquares
    }
  }
  return days.values()
}

/**
 * Minutes rolled up per batch: a few minutes' figures, so that no batch (and no kill switch
 * queued behind it) waits long, and reads find at most a few minutes not rolled up.
 */
export const ROLLUP_CHUNK_MS = 5 * 60 * 1000

/**
 * Rolls up the oldest minutes not rolled up yet, one ended chunk per batch: a server that has
 * been away (or upgraded with 30 days of minutes) catches up a chunk a batch, reads staying
 * exact meanwhile; and every minute the batch is about to delete as too old, whatever the lag.
 */
export function rollUp(ctx: Ctx): void {
  const now = ctx.now()
  const end = now - (now % ROLLUP_CHUNK_MS)
  let until = rolledUntil(ctx)
  if (until === undefined) {
    until = 0
    ctx.db.insert(schema.eventRollup).values({ id: ROW, until }).run()
  }
  if (until >= end) return
  // The next minute at or after `until` (one seek of the minute index): a gap without
  // minutes is skipped at once.
  const next = ctx.db
    .select({ minute: sql<number | null>`min(${schema.eventMinutes.minute})` })
    .from(schema.eventMinutes)
    .where(gte(schema.eventMinutes.minute, until))
    .get()?.minute
  const from =
    next === null || next === undefined ? end : Math.min(end, next - (next % ROLLUP_CHUNK_MS))
  const expiring = now - EVENT_MINUTES_KEPT_MS
  const to = Math.min(
    end,
    Math.max(from + ROLLUP_CHUNK_MS, expiring - (expiring % ROLLUP_CHUNK_MS) + ROLLUP_CHUNK_MS),
  )
  if (from < to) {
    const hours = hourCells(ctx, from, to)
    addCells(ctx, 'hours', hours)
    addCells(ctx, 'days', dayCells(hours))
  }
  ctx.db.update(schema.eventRollup).set({ until: to }).where(eq(schema.eventRollup.id, ROW)).run()
  // Once an hour is enough for the roll-ups' own retention.
  if (to % HOUR === 0) {
    ctx.db.run(sql`delete from event_hours where at < ${now - EVENT_HOURS_KEPT_MS}`)
    ctx.db.run(sql`delete from event_days where at < ${now - EVENT_DAYS_KEPT_MS}`)
  }
}
