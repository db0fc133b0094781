/**
 * Counting an SDK's event batch: once per batch id, into the per-minute figures of the
 * environment and into the windows of the guards that watch them; then, in the same
 * transaction, the guards of the batch's flags decide. A decisive batch so switches its flag
 * off before its answer, and before any later batch is counted.
 */
import { and, eq, inArray, isNull, lt } from 'drizzle-orm'
import type { EventBatch, FlagConfig } from '@andon/core'
import type { Change, EventsOutcome } from '../store.js'
import { schema, type Ctx, type EnvRow } from './context.js'
import { statements } from './event-statements.js'
import { judgeAndCarryOut, type WatchedFlag } from './guard-verdicts.js'
import { advancePlan, countStepExposures } from './release-writes.js'
import type { ReleaseEvent } from '../../release/release-model.js'

/** How long a batch id is remembered: far longer than any SDK keeps retrying one. */
export const BATCH_IDS_KEPT_MS = 24 * 60 * 60 * 1000
/** How long the per-minute figures are kept. Guards read their own windows, not these. */
export const EVENT_MINUTES_KEPT_MS = 30 * 24 * 60 * 60 * 1000

const MINUTE = 60_000

/** Flag keys looked up per query. */
const KEYS_PER_QUERY = 500

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

interface Cell {
  flag: WatchedFlag
  metric: string
  variation: number
  count: number
  sum: number
  sumSquares: number
}

/** The batch's flags that the caller may report on, with their variation count and guards. */
function watchedFlags(
  ctx: Ctx,
  env: EnvRow,
  batch: EventBatch,
  clientSideOnly: boolean,
): Map<string, WatchedFlag> {
  const keys = [...new Set([...batch.exposures, ...batch.metrics].map((e) => e.flag))]
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
    const variationCount = (JSON.parse(r.variations) as unknown[]).length
    const guards = s.guardsOf.all({ envId: env.id, flagId: r.id })
    const config = JSON.parse(s.config.get({ envId: env.id, flagId: r.id })?.config ?? '{}')
    const metrics = new Set<string>([
      ...((config as FlagConfig).metrics ?? []),
      ...guards.map((g) => g.metric),
    ])
    flags.set(r.key, {
      id: r.id,
      key: r.key,
      variationCount,
      enabled: (config as FlagConfig).enabled,
      metrics,
      guards,
    })
  }
  return flags
}

/**
 * The batch merged by (flag, metric, variation), exposures as metric '': one write per cell
 * however the SDK split its lists. Flags and variations the caller may not report on, or the
 * environment does not have, are left out (the SDK may be a version behind), and so are
 * metrics the flag does not list: what a batch can make the server store stays bounded.
 */
function cellsOf(batch: EventBatch, flags: Map<string, WatchedFlag>): Cell[] {
  const cells = new Map<string, Cell>()
  const add = (
    flagKey: string,
    metric: string,
    variation: number,
    f: Omit<Cell, 'flag' | 'metric' | 'variation'>,
  ) => {
    const flag = flags.get(flagKey)
    if (flag === undefined || variation >= flag.variationCount || f.count === 0) return
    if (metric !== '' && !flag.metrics.has(metric)) return
    const id = `${flagKey}\u0000${metric}\u0000${variation}`
    const cell = cells.get(id)
    if (cell === undefined) cells.set(id, { ...f, flag, metric, variation })
    else {
      cell.count += f.count
      cell.sum += f.sum
      cell.sumSquares += f.sumSquares
    }
  }
  for (const e of batch.exposures)
    add(e.flag, '', e.variation, { count: e.count, sum: 0, sumSquares: 0 })
  for (const m of batch.metrics)
    add(m.flag, m.metric, m.variation, { count: m.count, sum: m.sum, sumSquares: m.sumSquares })
  return [...cells.values()]
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

  const minute = now - (now % MINUTE)
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
    for (const g of c.flag.guards) {
      if (c.metric !== '' && g.metric !== c.metric) continue
      const cell = { guardId: g.id, ...at, stratum: g.stratum }
      const window =
        c.metric === ''
          ? { ...cell, exposures: c.count, count: 0, sum: 0, sumSquares: 0 }
          : { ...cell, exposures: 0, ...figures }
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
    const exposures = batch.exposures
      .filter((e) => e.flag === flag.key && e.variation < flag.variationCount)
      .map((e) => ({ variation: e.variation, count: e.count }))
    const plan = countStepExposures(ctx, env.id, flag.id, exposures)
    if (plan !== undefined) advancePlan(ctx, env, flag.key, plan, out, releases)
  }
  return { duplicate: false, decisions, releases }
}
