/**
 * Event figures in hourly or daily buckets from the roll-ups and the environment's minutes not
 * yet rolled up (insights-rollup.ts): the roll-ups hold every minute before the environment's
 * `until`, the minutes the rest, so the two never count a minute twice. Reads run in one
 * snapshot, so `until` and both tables belong to the same commit.
 */
import { sql, type SQL } from 'drizzle-orm'
import { addUpBuckets, stepMs, type BucketQuery, type BucketRow } from '../common/insights-cells.js'
import type { PgReader } from './rows.js'
import { rolledUntil } from './insights-rollup.js'

type Raw = Record<
  'flag_id' | 'metric' | 'variation' | 'at' | 'count' | 'sum' | 'sum_squares',
  unknown
>

// node-postgres hands back bigint and numeric (sums of them) as strings.
const toRow = (r: Raw): BucketRow => ({
  flagId: Number(r.flag_id),
  metric: String(r.metric),
  variation: Number(r.variation),
  at: Number(r.at),
  count: Number(r.count),
  sum: Number(r.sum),
  sumSquares: Number(r.sum_squares),
})

export async function bucketRows(r: PgReader, q: BucketQuery): Promise<BucketRow[]> {
  const size = sql.raw(String(stepMs(q.step)))
  const until = (await rolledUntil(r, q.envId)) ?? 0
  const table = sql.identifier(q.step === 'hour' ? 'event_hours' : 'event_days')
  const metrics = sql.join(
    q.metrics.map((m) => sql`${m}`),
    sql`, `,
  )
  const flag: SQL = q.flagId === undefined ? sql`` : sql` and flag_id = ${q.flagId}`
  const sums = q.countsOnly ? sql`0 as sum, 0 as sum_squares` : sql`sum, sum_squares`
  const rolled = await r.db.execute<Raw>(sql`
    select flag_id, metric, variation, at, count, ${sums}
    from ${table}
    where environment_id = ${q.envId}${flag} and metric in (${metrics}) and at >= ${q.from}`)
  // For one flag, its variations listed: the primary key is then sought per variation.
  const variations =
    q.variations === undefined
      ? sql``
      : sql` and variation in (${sql.join(
          Array.from({ length: q.variations }, (_, i) => sql`${i}`),
          sql`, `,
        )})`
  const recent = await r.db.execute<Raw>(sql`
    select flag_id, metric, variation, minute - minute % ${size} as at,
      sum(count) as count, sum(sum) as sum, sum(sum_squares) as sum_squares
    from event_minutes
    where environment_id = ${q.envId}${flag} and metric in (${metrics})${variations}
      and minute >= ${Math.max(until, q.from)}
    group by flag_id, metric, variation, minute - minute % ${size}`)
  const rows = [...rolled.rows, ...recent.rows].map(toRow)
  // A bucket in both (the day being rolled up) is added up; without recent minutes, none is.
  return recent.rows.length === 0 ? rows : addUpBuckets(rows)
}

/**
 * The daily exposure counts of [from, to), days that can no longer change (insights/closed-days
 * .ts): of every flag, from the daily roll-ups' covering index, or of a few flags.
 */
export async function closedDayRows(
  r: PgReader,
  envId: number,
  from: number,
  to: number,
  flagIds?: readonly number[],
): Promise<BucketRow[]> {
  const flags =
    flagIds === undefined
      ? sql``
      : sql` and flag_id in (${sql.join(
          flagIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
  const rows = await r.db.execute<Raw>(sql`
    select flag_id, metric, variation, at, count, 0 as sum, 0 as sum_squares from event_days
    where environment_id = ${envId} and metric = '' and at >= ${from} and at < ${to}${flags}`)
  return rows.rows.map(toRow)
}
