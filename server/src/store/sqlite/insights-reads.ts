/**
 * Reads for insights: evaluations per flag and variation over time with the last time each
 * flag was evaluated, an experiment's figures for one metric, and the audit entries the
 * delivery metrics are computed from.
 */
import { sql } from 'drizzle-orm'
import type { AuditEntry, JsonValue } from '@andon/core'
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
import { schema, type Ctx } from './context.js'
import { configRow, envRow, requireLiveFlag } from './rows.js'
import { bucketRows, closedDayRows } from './insights-buckets.js'
import { rolledUntil } from './insights-rollup.js'
import { addClosedDays, closedUntil, type ClosedDaysCache } from '../../insights/closed-days.js'
import { closedDaysReads } from '../common/closed-day-reads.js'
import { guardsOf } from './guard-windows.js'
import { creationEntry, DELIVERY_ACTIONS } from '../common/delivery-entries.js'
import { toAuditEntry } from '../common/rows.js'

/**
 * The live flags of an environment, each variation with the last time it was served: the
 * newest minute kept, else the newest day rolled up. Each look-up is one seek of a primary key
 * (`order by ... limit 1`: SQLite does not seek for `max()` under such a WHERE).
 */
export function lastEvaluated(ctx: Ctx, envId: number, flagId?: number): LastRow[] {
  const one = flagId === undefined ? sql`` : sql` and f.id = ${flagId}`
  return ctx.db.all<LastRow>(sql`
    select f.id as id, f.key as key, json_array_length(f.variations) as variations,
      cast(v.key as integer) as variation,
      coalesce(
        (select m.minute from event_minutes m where m.environment_id = c.environment_id
          and m.flag_id = f.id and m.metric = '' and m.variation = v.key
          order by m.minute desc limit 1),
        (select d.at from event_days d where d.environment_id = c.environment_id
          and d.flag_id = f.id and d.metric = '' and d.variation = v.key
          order by d.at desc limit 1)) as last
    from flag_configs c
    join flags f on f.id = c.flag_id
    join json_each(f.variations) v
    where c.environment_id = ${envId} and f.archived_at is null${one}
    order by f.key, v.key`)
}

/**
 * Evaluations per flag over time. Every flag's daily chart takes the days that can no longer
 * change from `closed` (counting those it lacks once), and reads only the days from the one
 * the roll-ups reach into, and the minutes not rolled up.
 */
export function evaluations(
  ctx: Ctx,
  environment: string,
  q: EvaluationsQuery,
  closed?: ClosedDaysCache,
): EvaluationsAnswer {
  const env = envRow(ctx, environment)
  const flagId = q.flag === undefined ? undefined : requireLiveFlag(ctx, q.flag).id
  const byId = evaluatedFlags(lastEvaluated(ctx, env.id, flagId))
  const variations = flagId === undefined ? undefined : [...byId.values()][0]?.variations
  const split =
    closed !== undefined && flagId === undefined && q.step === 'day'
      ? closedUntil(q.from, rolledUntil(ctx) ?? 0)
      : q.from
  const period = split > q.from ? closed?.period(env.id, q.from, split) : undefined
  if (period !== undefined && closed !== undefined) {
    for (const read of closedDaysReads(closed, period, byId, q.from, split)) {
      read.chart(closedDayRows(ctx, env.id, read.from, read.to, read.flagIds))
    }
  }
  const rows = bucketRows(ctx, {
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
    to: ctx.now(),
    flags,
  }
}

export function experimentFigures(
  ctx: Ctx,
  flag: string,
  environment: string,
  metric: string,
  step: Step,
  from: number,
): ExperimentFigures {
  const env = envRow(ctx, environment)
  const row = requireLiveFlag(ctx, flag)
  const variations = JSON.parse(row.variations) as JsonValue[]
  const { config } = configRow(ctx, env.id, row.id)
  const rows = bucketRows(ctx, {
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
    guards: guardsOf(ctx, env.id, row.id),
    metric,
    step,
    rows,
  })
}

/**
 * What the delivery metrics are computed from: the environment's configuration changes and
 * switch-offs since `since`, and each flag's creation (from the flags themselves, archived
 * ones too, so that no scan of the whole audit log is needed).
 */
export function deliveryEntries(ctx: Ctx, environment: string, since: number): AuditEntry[] {
  envRow(ctx, environment)
  const created: AuditEntry[] = ctx.db
    .select({ key: schema.flags.key, at: schema.flags.createdAt })
    .from(schema.flags)
    .all()
    .map(creationEntry)
  const actions = sql.join(
    DELIVERY_ACTIONS.map((a) => sql`${a}`),
    sql`, `,
  )
  const changes = ctx.db
    .all<typeof schema.auditLog.$inferSelect & { environmentKey: string }>(
      sql`
      select id, at, actor, action, target_kind as targetKind, target_key as targetKey,
        environment_key as environmentKey, before, after, comment
      from audit_log
      where environment_key = ${environment} and at >= ${since} and action in (${actions})
      order by id`,
    )
    .map(toAuditEntry)
  // deliveryMetrics orders by id: creations first, as they came before any change.
  return [...created, ...changes]
}
