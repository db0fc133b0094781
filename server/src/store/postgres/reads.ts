/**
 * The store's reads: lists, single items, the payloads SDKs get, the change log the stream
 * replays, the audit log, and counts for the metrics. Reads of several statements run in one
 * snapshot (rows.ts), so what they answer belongs to one commit.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Payload } from '@andon/core'
import type { AuditEntry, AuditQuery, Change, Environment, KeyInfo } from '../store.js'
import { buildPayloads, changesFromLog } from '../common/payloads.js'
import { toAuditEntry, toKeyInfo } from '../common/rows.js'
import { auditOrder, auditWhere } from '../common/audit-query.js'
import { schema } from './context.js'
import { envFlags, type PgReader } from './rows.js'

export function listEnvironments(r: PgReader): Promise<Environment[]> {
  return environmentQuery(r.db)
}

/** Every environment, in the order they were made. */
export function environmentQuery(db: PgReader['db']) {
  return db
    .select({
      id: schema.environments.id,
      key: schema.environments.key,
      name: schema.environments.name,
      version: schema.environments.version,
      critical: schema.environments.critical,
      requireApproval: schema.environments.requireApproval,
      createdAt: schema.environments.createdAt,
    })
    .from(schema.environments)
    .orderBy(asc(schema.environments.id))
}

export async function listKeys(r: PgReader, envId: number, envKey: string): Promise<KeyInfo[]> {
  const rows = await r.db
    .select()
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.environmentId, envId))
    .orderBy(asc(schema.apiKeys.id))
  return rows.map((row) => toKeyInfo(row, envKey))
}

export async function payloads(
  r: PgReader,
  envId: number,
): Promise<{ server: Payload; client: Payload }> {
  const [env] = await r.db
    .select()
    .from(schema.environments)
    .where(eq(schema.environments.id, envId))
  if (env === undefined) throw new Error(`environment ${envId} vanished`)
  const rows = await envFlags(r, envId)
  const segmentRows = await r.db
    .select()
    .from(schema.segments)
    .where(and(eq(schema.segments.environmentId, envId), isNull(schema.segments.deletedAt)))
    .orderBy(asc(schema.segments.key))
  return buildPayloads(env, rows, segmentRows)
}

export async function changesSince(
  r: PgReader,
  envId: number,
  version: number,
): Promise<Change[] | undefined> {
  const [env] = await r.db
    .select({ key: schema.environments.key, version: schema.environments.version })
    .from(schema.environments)
    .where(eq(schema.environments.id, envId))
  if (env === undefined || version > env.version) return undefined
  if (version === env.version) return []
  const rows = await r.db
    .select()
    .from(schema.changeLog)
    .where(and(eq(schema.changeLog.environmentId, envId), gt(schema.changeLog.version, version)))
    .orderBy(asc(schema.changeLog.version))
  return changesFromLog({ id: envId, key: env.key, version: env.version }, version, rows)
}

export async function listAudit(r: PgReader, query: AuditQuery): Promise<AuditEntry[]> {
  const rows = await r.db
    .select()
    .from(schema.auditLog)
    .where(auditWhere(schema.auditLog, query))
    .orderBy(auditOrder(schema.auditLog, query))
    .limit(query.limit)
  return rows.map(toAuditEntry)
}

export async function flagCounts(r: PgReader): Promise<{ environment: string; flags: number }[]> {
  const rows = await r.db.execute<{ environment: string; flags: number }>(sql`
    select e.key as environment, count(f.id)::int as flags
    from environments e
    left join flag_configs c on c.environment_id = e.id
    left join flags f on f.id = c.flag_id and f.archived_at is null
    group by e.id order by e.id`)
  return rows.rows
}
