/**
 * What the PostgreSQL store's modules share: the drizzle handle (the write's transaction), the
 * clock, the locks that order writes, and the helpers every write uses to bump an environment's
 * version, log the change's events, announce it, and audit.
 *
 * Locking: PostgreSQL runs writes from several processes at once, where SQLite had one writer.
 * Every write first takes transaction-scoped advisory locks, always in the same order (the
 * catalog, then environments by ascending id), so writes to one environment run one after
 * another exactly as in SQLite and never deadlock:
 * - `lockCatalog`: writes that touch every environment or the set of them (create, update or
 *   archive a flag; create an environment), so that no flag misses an environment.
 * - `lockEnvironments`: everything within environments (configs, segments, keys, event
 *   batches, guards, release plans). Versions are then gapless and never repeat, an `If-Match`
 *   check holds until commit, and a guard or a plan step acts once however many processes see
 *   the same figures.
 */
import { sql } from 'drizzle-orm'
import type pg from 'pg'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { notFound } from '../store-error.js'
import * as schema from '../../../../drizzle/postgres/schema.js'
import type { Actor, Change, ChangeEvent } from '../store.js'
import { auditRow, type AuditInput } from '../common/audit-row.js'

/** With its pool, for the statements that go to node-postgres as they are. */
export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool }
/** A transaction's handle: the same query API as the database's. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0]

export interface PgCtx {
  db: PgTx
  now: () => number
}

/**
 * How many changes per environment the change log keeps for `Last-Event-ID` resumes. Each write
 * deletes just the versions it pushes out, found by their number: a delete of everything below
 * would walk the index over every row deleted before it until a vacuum, on every write. (So a
 * lower number here leaves the versions between the two in the log until deleted by hand.)
 */
export const CHANGE_LOG_KEPT = 10_000

/**
 * The NOTIFY channel of committed changes; the payload is `<environment id>:<version>`, then
 * `:<events as JSON>` when they fit (NOTIFY takes less than 8,000 bytes): other processes then
 * publish them without reading the change log.
 */
export const CHANGES_CHANNEL = 'andon_changes'
/** Events longer than this are read from the change log by the processes that follow. */
const ANNOUNCED_EVENTS_MAX = 7_800

/** The SQL of a change's NOTIFY payload, from SQL expressions of its parts. */
export const announcement = (version: string, events: string, environment: string) =>
  `${environment}::text || ':' || ${version} || case when octet_length(${events}) <= ` +
  `${ANNOUNCED_EVENTS_MAX} then ':' || ${events} else '' end`
/**
 * The NOTIFY channel of changes to what processes hold for a second (keys created or revoked,
 * environments created or changed): they drop what they hold. Named for its first use, and
 * kept, so that processes of an earlier release hear it during a rolling upgrade.
 */
export const HELD_CHANNEL = 'andon_keys'

/** The advisory lock space of Andon's writes (the first of the two 32-bit keys). */
export const LOCK_SPACE = 0x616e64 // "and"
const CATALOG = 0

export interface EnvRow {
  id: number
  key: string
}

export async function lockCatalog(ctx: PgCtx): Promise<void> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${CATALOG})`)
}

/**
 * The environment of `key`, locked (its row read and its lock taken in one round trip): the
 * start of every write within one environment.
 */
export async function lockedEnvironment(ctx: PgCtx, key: string): Promise<EnvRow> {
  const result = await ctx.db.execute<{ id: number; key: string }>(sql`
    select e.id, e.key from environments e
    cross join lateral (select pg_advisory_xact_lock(${LOCK_SPACE}, e.id)) locked
    where e.key = ${key}`)
  const row = result.rows[0]
  if (row === undefined) throw notFound(`environment ${key}`)
  return row
}

/** Locks environments by ascending id (ids are positive; the catalog lock is 0). */
export async function lockEnvironments(ctx: PgCtx, ids: Iterable<number>): Promise<void> {
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    await ctx.db.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${id})`)
  }
}

/**
 * Bumps the environment's version and logs the events of one change under it, and announces
 * it to every process (NOTIFY is delivered at commit, and not at all on rollback). The caller
 * holds the environment's lock. One statement, one round trip: a write holds its
 * environment's lock for as few trips as it can.
 */
export async function recordChange(
  ctx: PgCtx,
  env: EnvRow,
  events: ChangeEvent[],
  out: Change[],
): Promise<number> {
  const id = env.id
  const result = await ctx.db.execute<{ version: number }>(sql`
    with bumped as (
      update environments set version = version + 1 where id = ${id}::int returning version
    ), logged as (
      insert into change_log (environment_id, version, events, at)
      select ${id}::int, version, ${JSON.stringify(events)}::text, ${ctx.now()}::bigint from bumped
    ), trimmed as (
      delete from change_log
      where environment_id = ${id}::int
        and version = (select version from bumped) - ${CHANGE_LOG_KEPT}::int
    )
    select version, pg_notify(${CHANGES_CHANNEL}, ${sql.raw(announcement('version', 'c.events', 'c.env'))})
    from bumped, (select ${id}::int as env, ${JSON.stringify(events)}::text as events) c`)
  const version = result.rows[0]?.version
  if (version === undefined) throw new Error(`environment ${id} vanished`)
  out.push({ environmentId: id, environment: env.key, version, events })
  return version
}

/** Tells every process that keys or environments changed (they drop what they hold of them). */
export async function announceHeldChange(ctx: PgCtx): Promise<void> {
  await ctx.db.execute(sql`select pg_notify(${HELD_CHANNEL}, '')`)
}

export type { AuditInput }

export async function audit(ctx: PgCtx, actor: Actor, entry: AuditInput): Promise<void> {
  await ctx.db.insert(schema.auditLog).values(auditRow(ctx.now(), actor, entry))
}

export { schema }
