/**
 * Reads for insights: evaluations per flag and variation over time with the last time each
 * flag was evaluated, and an experiment's figures for one metric. The answers are assembled
 * as SQLite's are (common/insights-answers.ts); the callers run them in one snapshot.
 */
import { sql } from 'drizzle-orm'
import type { JsonValue } from '@andon/core'
import type {
  EvaluationsAnswer,
  EvaluationsQuery,
  ExperimentFigures,
  Step,
} from '../../insights/insights-model.js'
import {
  chartEvaluations,
  evaluatedFlags,
  experimentAnswer,
  type LastRow,
} from '../common/insights-answers.js'
import { configRow, envRow, requireLiveFlag, type PgReader } from './rows.js'
import { guardsOf } from './event-statements.js'
import { bucketRows, closedDayRows } from './insights-buckets.js'
import { rolledUntil } from './insights-rollup.js'
import { addClosedDays, closedUntil, type ClosedDaysCache } from '../../insights/closed-days.js'
import { closedDaysReads } from '../common/closed-day-reads.js'

/**
 * The live flags of an environment, each variation with the last time it was served: the
 * newest minute kept, else the newest day rolled up (each one seek of a primary key). Flags
 * in the byte order of their keys, as SQLite sorts them.
 */
export async function lastEvaluated(
  r: PgReader,
  envId: number,
  flagId?: number,
): Promise<LastRow[]> {
  const one = flagId === undefined ? sql`` : sql` and f.id = ${flagId}`
  const rows = await r.db.execute<Record<keyof LastRow, unknown>>(sql`
    select f.id as id, f.key as key, json_array_length(f.variations::json) as variations,
      v.i as variation,
      coalesce(
        (select m.minute from event_minutes m where m.environment_id = c.environment_id
          and m.flag_id = f.id and m.metric = '' and m.variation = v.i
          order by m.minute desc limit 1),
        (select d.at from event_days d where d.environment_id = c.environment_id
          and d.flag_id = f.id and d.metric = '' and d.variation = v.i
          order by d.at desc limit 1)) as last
    from flag_configs c
    join flags f on f.id = c.flag_id
    cross join lateral generate_series(0, json_array_length(f.variations::json) - 1) as v(i)
    where c.environment_id = ${envId} and f.archived_at is null${one}
    order by f.key collate "C", v.i`)
  return rows.rows.map((row) => ({
    id: Number(row.id),
    key: String(row.key),
    variations: Number(row.variations),
    variation: Number(row.variation),
    last: row.last === null ? null : Number(row.last),
  }))
}

/**
 * Evaluations per flag over time. Every flag's daily chart takes the days that can no longer
 * change from `closed` (counting those it lacks once), and reads only the days from the one
 * the roll-ups reach into, and the minutes not rolled up.
 */
export async function evaluations(
  r: PgReader,
  environment: string,
  q: EvaluationsQuery,
  closed?: ClosedDaysCache,
): Promise<EvaluationsAnswer> {
  const env = await envRow(r, environment)
  const flagId = q.flag === undefined ? undefined : (await requireLiveFlag(r, q.flag)).id
  const byId = evaluatedFlags(await lastEvaluated(r, env.id, flagId))
  const variations = flagId === undefined ? undefined : [...byId.values()][0]?.variations
  const split =
    closed !== undefined && flagId === undefined && q.step === 'day'
      ? closedUntil(q.from, (await rolledUntil(r, env.id)) ?? 0)
      : q.from
  const period = split > q.from ? closed?.period(env.id, q.from, split) : undefined
  if (period !== undefined && closed !== undefined) {
    for (const read of closedDaysReads(closed, period, byId, q.from, split)) {
      read.chart(await closedDayRows(r, env.id, read.from, read.to, read.flagIds))
    }
  }
  const rows = await bucketRows(r, {
    envId: env.id,
    flagId,
    variations,
    metrics: [''],
    countsOnly: true,
    step: q.step,
    from: split,
  })
  const flags = chartEvaluations(byId, rows)
  if (period !== undefined) addClosedDays(period, byId)
  return {
    environment: env.key,
    step: q.step,
    from: q.from,
    to: r.now(),
    flags,
  }
}

export async function experimentFigures(
  r: PgReader,
  flag: string,
  environment: string,
  metric: string,
  step: Step,
  from: number,
): Promise<ExperimentFigures> {
  const env = await envRow(r, environment)
  const row = await requireLiveFlag(r, flag)
  const variations = JSON.parse(row.variations) as JsonValue[]
  const { config } = await configRow(r, env.id, row.id)
  const guards = await guardsOf(r, env.id, row.id)
  const rows = await bucketRows(r, {
    envId: env.id,
    flagId: row.id,
    variations: variations.length,
    metrics: ['', metric],
    step,
    from,
  })
  return experimentAnswer({
    flag: row.key,
    environment: env.key,
    variations,
    config,
    guards,
    metric,
    step,
    rows,
  })
}
