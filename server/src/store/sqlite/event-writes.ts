/**
 * Counting an SDK's event batch: once per batch id, into the per-minute figures of the
 * environment and into the windows of the guards that watch them; then, in the same
 * transaction, the guards of the batch's flags decide. A decisive batch so switches its flag
 * off before its answer, and before any later batch is counted.
 */
import { and, eq, inArray, isNull, lt } from 'drizzle-orm'
import type { EventBatch } from '@andon/core'
import type { Change, EventsOutcome } from '../store.js'
import { schema, type Ctx, type EnvRow } from './context.js'
import { statements } from './event-statements.js'
import { judgeAndCarryOut } from './guard-verdicts.js'
import {
  BATCH_IDS_KEPT_MS,
  EVENT_MINUTES_KEPT_MS,
  batchFlagKeys,
  cellsOf,
  chunks,
  minuteOf,
  stepExposures,
  watchedFlag,
  windowCells,
  type WatchedFlag,
} from '../common/event-cells.js'
import { advancePlan, countStepExposures } from './release-writes.js'
import type { ReleaseEvent } from '../../release/release-model.js'

export { BATCH_IDS_KEPT_MS, EVENT_MINUTES_KEPT_MS }

/** Flag keys looked up per query. */
const KEYS_PER_QUERY = 500

/** The batch's flags that the caller may report on, with their variation count and guards. */
function watchedFlags(
  ctx: Ctx,
  env: EnvRow,
  batch: EventBatch,
  clientSideOnly: boolean,
): Map<string, WatchedFlag> {
  const keys = batchFlagKeys(batch)
  const flags = new Map<string, WatchedFlag>()
  const f = schema.flags
  const s = statements(ctx)
  // In chunks: SQLite takes a bounded number of variables in one statement.
  const rows = chunks(keys, KEYS_PER_QUERY).flatMap((chunk) =>
    ctx.db
      .select({ id: f.id, key: f.key, variations: f.variations })
      .from(f)
      .where(
        and(
          inArray(f.key, chunk),
          isNull(f.archivedAt),
          clientSideOnly ? eq(f.clientSide, true) : undefined,
        ),
      )
      .all(),
  )
  for (const r of rows) {
    const guards = s.guardsOf.all({ envId: env.id, flagId: r.id })
    const config = s.config.get({ envId: env.id, flagId: r.id })?.config
    flags.set(r.key, watchedFlag(r, guards, config))
  }
  return flags
}

export function recordEvents(
  ctx: Ctx,
  env: EnvRow,
  batch: EventBatch,
  { clientSideOnly, source }: { clientSideOnly: boolean; source: string },
  out: Change[],
): EventsOutcome {
  const now = ctx.now()
  ctx.db
    .delete(schema.eventBatches)
    .where(lt(schema.eventBatches.receivedAt, now - BATCH_IDS_KEPT_MS))
    .run()
  ctx.db
    .delete(schema.eventMinutes)
    .where(lt(schema.eventMinutes.minute, now - EVENT_MINUTES_KEPT_MS))
    .run()
  const fresh = ctx.db
    .insert(schema.eventBatches)
    .values({ environmentId: env.id, batchId: batch.id, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: schema.eventBatches.batchId })
    .get()
  if (fresh === undefined) return { duplicate: true, decisions: [], releases: [] }

  const minute = minuteOf(now)
  const flags = watchedFlags(ctx, env, batch, clientSideOnly)
  const s = statements(ctx)
  for (const c of cellsOf(batch, flags)) {
    const figures = { count: c.count, sum: c.sum, sumSquares: c.sumSquares }
    const at = { variation: c.variation, minute }
    s.addToMinute.run({
      environmentId: env.id,
      flagId: c.flag.id,
      metric: c.metric,
      ...at,
      ...figures,
    })
    for (const window of windowCells(c, minute)) {
      s.addToWindowMinute.run(window)
      s.addToWindowTotal.run(window)
      s.addToSourceTotal.run({ ...window, source })
    }
  }
  const decisions = [...flags.values()]
    .filter((f) => f.guards.length > 0)
    .flatMap((f) => judgeAndCarryOut(ctx, env, f, out))
  // Then the release plans of the batch's flags count the step's exposures and may move.
  const releases: ReleaseEvent[] = []
  for (const flag of flags.values()) {
    const plan = countStepExposures(ctx, env.id, flag.id, stepExposures(batch, flag))
    if (plan !== undefined) advancePlan(ctx, env, flag.key, plan, out, releases)
  }
  return { duplicate: false, decisions, releases }
}
