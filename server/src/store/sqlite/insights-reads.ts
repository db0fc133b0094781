/**
 * Reads for insights: evaluations per flag and variation over time with the last time each
 * flag was evaluated, an experiment's figures for one metric, and the audit entries the
 * delivery metrics are computed from.
 */
import { sql } from 'drizzle-orm'
import type { AuditEntry, FlagConfig, JsonValue } from '@andon/core'
import type {
  EvaluationsAnswer,
  EvaluationsQuery,
  ExperimentFigures,
  FlagEvaluations,
  Step,
} from '../../insights/insights-model.js'
import type { ArmTotals } from '../../insights/experiment.js'
import { schema, type Ctx } from './context.js'
import { configRow, envRow, requireLiveFlag } from './rows.js'
import { bucketRows } from './insights-buckets.js'
import { guardsOf } from './guard-windows.js'
import { DELIVERY_ACTIONS } from '../shared/delivery-entries.js'

interface LastRow {
  id: number
  key: string
  variations: number
  variation: number
  last: number | null
}

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

export function evaluations(ctx: Ctx, environment: string, q: EvaluationsQuery): EvaluationsAnswer {
  const env = envRow(ctx, environment)
  const flagId = q.flag === undefined ? undefined : requireLiveFlag(ctx, q.flag).id
  const byId = new Map<number, FlagEvaluations>()
  for (const r of lastEvaluated(ctx, env.id, flagId)) {
    let f = byId.get(r.id)
    if (f === undefined) {
      f = {
        flag: r.key,
        variations: r.variations,
        lastEvaluatedAt: null,
        totals: Array.from({ length: r.variations }, () => 0),
        series: [],
      }
      byId.set(r.id, f)
    }
    if (r.last !== null) f.lastEvaluatedAt = Math.max(f.lastEvaluatedAt ?? 0, r.last)
  }
  const variations = flagId === undefined ? undefined : [...byId.values()][0]?.variations
  const rows = bucketRows(ctx, {
    envId: env.id,
    flagId,
    variations,
    metrics: [''],
    countsOnly: true,
    step: q.step,
    from: q.from,
  })
  // Per flag, its buckets by start: rows come in any order.
  const points = new Map<number, Map<number, number[]>>()
  for (const r of rows) {
    const f = byId.get(r.flagId)
    if (f === undefined || r.variation >= f.variations) continue
    let byAt = points.get(r.flagId)
    if (byAt === undefined) points.set(r.flagId, (byAt = new Map()))
    let counts = byAt.get(r.at)
    if (counts === undefined)
      byAt.set(r.at, (counts = Array.from({ length: f.variations }, () => 0)))
    counts[r.variation] = (counts[r.variation] ?? 0) + r.count
    f.totals[r.variation] = (f.totals[r.variation] ?? 0) + r.count
  }
  for (const [flagId, byAt] of points) {
    const f = byId.get(flagId) as FlagEvaluations
    f.series = [...byAt].sort((a, b) => a[0] - b[0]).map(([at, counts]) => ({ at, counts }))
  }
  return {
    environment: env.key,
    step: q.step,
    from: q.from,
    to: ctx.now(),
    flags: [...byId.values()],
  }
}

/** The weights of the fallthrough's rollout by variation; null when it serves one variation. */
function weightsOf(config: FlagConfig, variationCount: number): number[] | null {
  const ft = config.fallthrough
  if (!('rollout' in ft)) return null
  const weights = Array.from({ length: variationCount }, () => 0)
  for (const w of ft.rollout.variations)
    weights[w.variation] = (weights[w.variation] ?? 0) + w.weight
  return weights
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
  const guards = guardsOf(ctx, env.id, row.id)
  const guard = guards.find((g) => g.metric === metric)
  const totals: ArmTotals[] = variations.map(() => ({
    contexts: 0,
    count: 0,
    sum: 0,
    sumSquares: 0,
  }))
  const points = new Map<string, ExperimentFigures['series'][number]>()
  for (const r of bucketRows(ctx, {
    envId: env.id,
    flagId: row.id,
    variations: variations.length,
    metrics: ['', metric],
    step,
    from,
  })) {
    const arm = totals[r.variation]
    if (arm === undefined) continue
    const id = `${r.at}\u0000${r.variation}`
    let point = points.get(id)
    if (point === undefined) {
      point = { at: r.at, variation: r.variation, exposures: 0, count: 0, sum: 0 }
      points.set(id, point)
    }
    if (r.metric === '') {
      arm.contexts += r.count
      point.exposures += r.count
    } else {
      arm.count += r.count
      arm.sum += r.sum
      arm.sumSquares += r.sumSquares
      point.count += r.count
      point.sum += r.sum
    }
  }
  return {
    flag: row.key,
    environment: env.key,
    variations,
    metrics: [...new Set([...(config.metrics ?? []), ...guards.map((g) => g.metric)])].sort(),
    weights: weightsOf(config, variations.length),
    guard: guard === undefined ? null : { kind: guard.kind, control: guard.control },
    totals,
    step,
    series: [...points.values()].sort((a, b) => a.at - b.at || a.variation - b.variation),
  }
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
    .map((f) => ({
      id: 0,
      at: f.at,
      actor: '',
      action: 'flag.create',
      targetKind: 'flag',
      targetKey: f.key,
      environment: null,
      before: null,
      after: null,
      comment: null,
    }))
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
    .map((r): AuditEntry => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetKind: r.targetKind,
      targetKey: r.targetKey,
      environment: r.environmentKey,
      before: r.before === null ? null : (JSON.parse(r.before) as unknown),
      after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      comment: r.comment,
    }))
  // deliveryMetrics orders by id: creations first, as they came before any change.
  return [...created, ...changes]
}
