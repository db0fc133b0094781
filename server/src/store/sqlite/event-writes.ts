/**
 * Counting an SDK's event batch: once per batch id, into the per-minute figures of the
 * environment and into the windows of the guards that watch them; then, in the same
 * transaction, the guards of the batch's flags decide. A decisive batch so switches its flag
 * off before its answer, and before any later batch is counted.
 */
import { and, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { EventBatch } from '@andon/core'
import type { Change, EventsOutcome } from '../store.js'
import { schema, type Ctx, type EnvRow } from './context.js'
import { guardsOf, type GuardRow } from './guard-windows.js'
import { decide, type WatchedFlag } from './guard-decisions.js'

/** How long a batch id is remembered: far longer than any SDK keeps retrying one. */
export const BATCH_IDS_KEPT_MS = 24 * 60 * 60 * 1000

const MINUTE = 60_000

function addToMinute(ctx: Ctx, row: typeof schema.eventMinutes.$inferInsert): void {
  const t = schema.eventMinutes
  ctx.db
    .insert(t)
    .values(row)
    .onConflictDoUpdate({
      target: [t.environmentId, t.flagId, t.metric, t.variation, t.minute],
      set: {
        count: sql`${t.count} + excluded.count`,
        sum: sql`${t.sum} + excluded.sum`,
        sumSquares: sql`${t.sumSquares} + excluded.sum_squares`,
      },
    })
    .run()
}

function addToWindow(ctx: Ctx, row: typeof schema.guardMinutes.$inferInsert): void {
  const t = schema.guardMinutes
  ctx.db
    .insert(t)
    .values(row)
    .onConflictDoUpdate({
      target: [t.guardId, t.minute, t.variation],
      set: {
        exposures: sql`${t.exposures} + excluded.exposures`,
        count: sql`${t.count} + excluded.count`,
        sum: sql`${t.sum} + excluded.sum`,
        sumSquares: sql`${t.sumSquares} + excluded.sum_squares`,
      },
    })
    .run()
}

/** The batch's flags that the environment has, with their variation count and guards. */
function watchedFlags(ctx: Ctx, env: EnvRow, batch: EventBatch): Map<string, WatchedFlag> {
  const keys = [...new Set([...batch.exposures, ...batch.metrics].map((e) => e.flag))]
  const flags = new Map<string, WatchedFlag>()
  if (keys.length === 0) return flags
  const rows = ctx.db
    .select({ id: schema.flags.id, key: schema.flags.key, variations: schema.flags.variations })
    .from(schema.flags)
    .where(and(inArray(schema.flags.key, keys), isNull(schema.flags.archivedAt)))
    .all()
  for (const r of rows) {
    const guards: GuardRow[] = guardsOf(ctx, env.id, r.id)
    const variationCount = (JSON.parse(r.variations) as unknown[]).length
    flags.set(r.key, { id: r.id, key: r.key, variationCount, guards })
  }
  return flags
}

export function recordEvents(
  ctx: Ctx,
  env: EnvRow,
  batch: EventBatch,
  out: Change[],
): EventsOutcome {
  const now = ctx.now()
  ctx.db
    .delete(schema.eventBatches)
    .where(lt(schema.eventBatches.receivedAt, now - BATCH_IDS_KEPT_MS))
    .run()
  const fresh = ctx.db
    .insert(schema.eventBatches)
    .values({ environmentId: env.id, batchId: batch.id, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: schema.eventBatches.batchId })
    .get()
  if (fresh === undefined) return { duplicate: true, decisions: [] }

  const minute = now - (now % MINUTE)
  const flags = watchedFlags(ctx, env, batch)
  // Flags or variations the environment does not have are skipped: the SDK may be behind.
  const known = (flag: string, variation: number) => {
    const f = flags.get(flag)
    return f !== undefined && variation < f.variationCount ? f : undefined
  }
  for (const e of batch.exposures) {
    const f = known(e.flag, e.variation)
    if (f === undefined || e.count === 0) continue
    const base = { environmentId: env.id, flagId: f.id, variation: e.variation, minute }
    addToMinute(ctx, { ...base, metric: '', count: e.count, sum: 0, sumSquares: 0 })
    for (const g of f.guards) {
      addToWindow(ctx, {
        guardId: g.id,
        minute,
        variation: e.variation,
        exposures: e.count,
        count: 0,
        sum: 0,
        sumSquares: 0,
      })
    }
  }
  for (const m of batch.metrics) {
    const f = known(m.flag, m.variation)
    if (f === undefined || m.count === 0) continue
    const figures = { count: m.count, sum: m.sum, sumSquares: m.sumSquares }
    const base = { environmentId: env.id, flagId: f.id, variation: m.variation, minute }
    addToMinute(ctx, { ...base, metric: m.metric, ...figures })
    for (const g of f.guards) {
      if (g.metric !== m.metric) continue
      addToWindow(ctx, { guardId: g.id, minute, variation: m.variation, exposures: 0, ...figures })
    }
  }
  const decisions = [...flags.values()]
    .filter((f) => f.guards.length > 0)
    .flatMap((f) => decide(ctx, env, f, out))
  return { duplicate: false, decisions }
}
