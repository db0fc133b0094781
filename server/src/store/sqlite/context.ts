/**
 * What the SQLite store's modules share: the drizzle database, the clock, and the helpers that
 * every write uses to bump an environment's version, log the change's events, and audit.
 */
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { and, eq, lte, sql } from 'drizzle-orm'
import * as schema from '../../../../drizzle/schema.js'
import type { Actor, Change, ChangeEvent } from '../store.js'
import { auditRow, type AuditInput } from '../common/audit-row.js'

export type Db = BetterSQLite3Database<typeof schema>

export interface Ctx {
  db: Db
  now: () => number
}

/** How many changes per environment the change log keeps for `Last-Event-ID` resumes. */
export const CHANGE_LOG_KEPT = 10_000

export interface EnvRow {
  id: number
  key: string
}

/**
 * Bumps the environment's version and logs the events of one change under it for the stream
 * (and for `Last-Event-ID` resumes). `events` receives the new version, which the stream
 * gives each of its frames as id.
 */
export function recordChange(
  ctx: Ctx,
  env: EnvRow,
  events: (version: number) => ChangeEvent[],
  out: Change[],
): number {
  const { db } = ctx
  const row = db
    .update(schema.environments)
    .set({ version: sql`${schema.environments.version} + 1` })
    .where(eq(schema.environments.id, env.id))
    .returning({ version: schema.environments.version })
    .get()
  const version = row.version
  const list = events(version)
  db.insert(schema.changeLog)
    .values({ environmentId: env.id, version, events: JSON.stringify(list), at: ctx.now() })
    .run()
  db.delete(schema.changeLog)
    .where(
      and(
        eq(schema.changeLog.environmentId, env.id),
        lte(schema.changeLog.version, version - CHANGE_LOG_KEPT),
      ),
    )
    .run()
  out.push({ environmentId: env.id, environment: env.key, version, events: list })
  return version
}

export type { AuditInput }

export function audit(ctx: Ctx, actor: Actor, entry: AuditInput): void {
  ctx.db
    .insert(schema.auditLog)
    .values(auditRow(ctx.now(), actor, entry))
    .run()
}

export { schema }
