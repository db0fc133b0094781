/**
 * Event figures in hourly or daily buckets from the roll-ups and the minutes not yet rolled
 * up (insights-rollup.ts): the roll-ups hold every minute before `until`, the minutes the
 * rest, so the two never count a minute twice.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Ctx } from './context.js'
import { rolledUntil } from './insights-rollup.js'
import {
  addUpBuckets,
  bucketOf,
  byTime,
  stepMs,
  type BucketQuery,
  type BucketRow,
} from '../common/insights-cells.js'

export { bucketOf, stepMs, type BucketQuery, type BucketRow }

export function bucketRows(ctx: Ctx, q: BucketQuery): BucketRow[] {
  const size = stepMs(q.step)
  const until = rolledUntil(ctx) ?? 0
  const table = sql.identifier(q.step === 'hour' ? 'event_hours' : 'event_days')
  const metrics = sql.join(
    q.metrics.map((m) => sql`${m}`),
    sql`, `,
  )
  const flag = (column: string): SQL =>
    q.flagId === undefined ? sql`` : sql` and ${sql.identifier(column)} = ${q.flagId}`
  // Counts only (exposures): from the daily roll-ups' covering index, no row looked up.
  const sums = q.countsOnly ? sql`0, 0` : sql`sum, sum_squares`
  // As arrays, not objects: a month of every flag's days is some 60,000 rows.
  const rolled = ctx.db.values<[number, string, number, number, number, number, number]>(sql`
    select flag_id, metric, variation, at, count, ${sums}
    from ${table}
    where environment_id = ${q.envId}${flag('flag_id')} and metric in (${metrics}) and at >= ${q.from}`)
  // The minutes not rolled up: for one flag, seeks of the primary key per metric and
  // variation; for all, the minute index (the primary key's environment prefix would read
  // every minute kept).
  const source =
    q.flagId === undefined ? sql`event_minutes indexed by event_minutes_minute` : sql`event_minutes`
  const variations =
    q.variations === undefined
      ? sql``
      : sql` and variation in (${sql.join(
          Array.from({ length: q.variations }, (_, i) => sql`${i}`),
          sql`, `,
        )})`
  const recent = ctx.db.values<[number, string, number, number, number, number, number]>(sql`
    select flag_id, metric, variation, minute - minute % ${size},
      sum(count), sum(sum), sum(sum_squares)
    from ${source}
    where minute >= ${Math.max(until, q.from)} and environment_id = ${q.envId}${flag('flag_id')}
      and metric in (${metrics})${variations}
    group by flag_id, metric, variation, minute - minute % ${size}`)
  const rows = [...rolled, ...recent].map(
    ([flagId, metric, variation, at, count, sum, sumSquares]): BucketRow => ({
      flagId,
      metric,
      variation,
      at,
      count,
      sum,
      sumSquares,
    }),
  )
  // A bucket in both (the day being rolled up) is added up; without recent minutes, none is.
  return recent.length === 0 ? rows : addUpBuckets(rows).sort(byTime)
}

/**
 * The daily exposure counts of [from, to), days that can no longer change (insights/closed-days
 * .ts): of every flag, from the daily roll-ups' covering index, or of a few flags.
 */
export function closedDayRows(
  ctx: Ctx,
  envId: number,
  from: number,
  to: number,
  flagIds?: readonly number[],
): BucketRow[] {
  const flags =
    flagIds === undefined
      ? sql``
      : sql` and flag_id in (${sql.join(
          flagIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
  return ctx.db
    .values<[number, number, number, number]>(
      sql`
    select flag_id, variation, at, count from event_days
    where environment_id = ${envId} and metric = '' and at >= ${from} and at < ${to}${flags}`,
    )
    .map(([flagId, variation, at, count]) => ({
      flagId,
      metric: '',
      variation,
      at,
      count,
      sum: 0,
      sumSquares: 0,
    }))
}
