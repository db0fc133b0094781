/**
 * Counting an SDK's event batch under its environment's lock: once per batch id, into the
 * per-minute figures of the environment and into the windows of the guards that watch them
 * (figures add up in SQL); then, in the same transaction, the guards of the batch's flags
 * decide and their release plans count and may move. Batches of one environment so run one
 * after another in every process, and a trip or a plan step happens once.
 */
import { and, eq, gte, inArray, isNull, lt } from 'drizzle-orm'
import type { EventBatch } from '@andon/core'
import type { ReleaseEvent } from '../../release/release-model.js'
import type { Change, EventsOutcome } from '../store.js'
import {
  BATCH_IDS_KEPT_MS,
  EVENT_MINUTES_KEPT_MS,
  batchFlagKeys,
  cellsOf,
  chunks,
  mergeWindowCells,
  minuteOf,
  stepExposures,
  watchedFlag,
  windowCells,
  type WatchedFlag,
} from '../common/event-cells.js'
import { lockEnvironments, schema, type EnvRow, type PgCtx } from './context.js'
import { addToMinutes, addToWindows, configJson, guardsOf } from './event-statements.js'
import { judgeAndCarryOut } from './guard-verdicts.js'
import { advancePlan, countStepExposures } from './release-writes.js'

/** Flag keys looked up per query. */
const KEYS_PER_QUERY = 500

/** The batch's flags that the caller may report on, with their variation count and guards. */
async function watchedFlags(
  ctx: PgCtx,
  env: EnvRow,
  batch: EventBatch,
  clientSideOnly: boolean,
): Promise<Map<string, WatchedFlag>> {
  const keys = batchFlagKeys(batch)
  const flags = new Map<string, WatchedFlag>()
  if (keys.length === 0) return flags
  const f = schema.flags
  const rows = []
  // In chunks: a statement takes a bounded number of parameters.
  for (const chunk of chunks(keys, KEYS_PER_QUERY)) {
    rows.push(
      ...(await ctx.db
        .select({ id: f.id, key: f.key, variations: f.variations })
        .from(f)
        .where(
          and(
            inArray(f.key, chunk),
            isNull(f.archivedAt),
            clientSideOnly ? eq(f.clientSide, true) : undefined,
          ),
        )),
    )
  }
  for (const r of rows) {
    const guards = await guardsOf(ctx, env.id, r.id)
    flags.set(r.key, watchedFlag(r, guards, await configJson(ctx, env.id, r.id)))
  }
  return flags
}

/** Up to where (times in ms) an environment's old batch ids and minutes have been deleted. */
export interface CleanedUpTo {
  batchIds: number
  minutes: number
}

/**
 * Deletes the environment's batch ids and minutes that aged out, from where its last clean-up
 * in this process stopped (or from the start), and answers where this one stops. The caller
 * holds the environment's lock: batches of two environments never wait for (or deadlock on)
 * each other's clean-up. A delete of everything older than the cut would walk, on every batch,
 * the index over every row deleted before and not yet vacuumed: a day of batch ids, millions at
 * a busy service, where the range reads just what aged out since.
 */
export async function forgetOld(
  ctx: PgCtx,
  envId: number,
  from: CleanedUpTo = { batchIds: 0, minutes: 0 },
): Promise<CleanedUpTo> {
  const now = ctx.now()
  const to = {
    batchIds: Math.max(from.batchIds, now - BATCH_IDS_KEPT_MS),
    minutes: Math.max(from.minutes, now - EVENT_MINUTES_KEPT_MS),
  }
  const eb = schema.eventBatches
  const em = schema.eventMinutes
  await ctx.db
    .delete(eb)
    .where(
      and(
        eq(eb.environmentId, envId),
        gte(eb.receivedAt, from.batchIds),
        lt(eb.receivedAt, to.batchIds),
      ),
    )
  await ctx.db
    .delete(em)
    .where(
      and(eq(em.environmentId, envId), gte(em.minute, from.minutes), lt(em.minute, to.minutes)),
    )
  return to
}

export async function recordEvents(
  ctx: PgCtx,
  env: EnvRow,
  batch: EventBatch,
  { clientSideOnly, source }: { clientSideOnly: boolean; source: string },
  out: Change[],
): Promise<EventsOutcome> {
  await lockEnvironments(ctx, [env.id])
  const now = ctx.now()
  const [fresh] = await ctx.db
    .insert(schema.eventBatches)
    .values({ environmentId: env.id, batchId: batch.id, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: schema.eventBatches.batchId })
  if (fresh === undefined) return { duplicate: true, decisions: [], releases: [] }

  const minute = minuteOf(now)
  const flags = await watchedFlags(ctx, env, batch, clientSideOnly)
  const cells = cellsOf(batch, flags)
  await addToMinutes(
    ctx,
    cells.map((c) => ({
      environmentId: env.id,
      flagId: c.flag.id,
      metric: c.metric,
      variation: c.variation,
      minute,
      count: c.count,
      sum: c.sum,
      sumSquares: c.sumSquares,
    })),
  )
  await addToWindows(ctx, mergeWindowCells(cells.flatMap((c) => windowCells(c, minute))), source)
  const decisions = []
  for (const flag of flags.values()) {
    if (flag.guards.length > 0) decisions.push(...(await judgeAndCarryOut(ctx, env, flag, out)))
  }
  // Then the release plans of the batch's flags count the step's exposures and may move.
  const releases: ReleaseEvent[] = []
  for (const flag of flags.values()) {
    const plan = await countStepExposures(ctx, env.id, flag.id, stepExposures(batch, flag))
    if (plan !== undefined) await advancePlan(ctx, env, flag.key, plan, out, releases)
  }
  return { duplicate: false, decisions, releases }
}
