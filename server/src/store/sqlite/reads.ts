/**
 * The store's reads: lists, single items, the payloads SDKs get, the change log the stream
 * replays, the audit log, and counts for the metrics.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Payload } from '@andon/core'
import type { AuditEntry, AuditQuery, Change, Environment, KeyInfo } from '../store.js'
import { buildPayloads, changesFromLog } from '../common/payloads.js'
import { toAuditEntry, toKeyInfo } from '../common/rows.js'
import { auditOrder, auditWhere } from '../common/audit-query.js'
import { schema, type Ctx } from './context.js'
import { envFlags } from './rows.js'

export function listEnvironments(ctx: Ctx): Environment[] {
  return ctx.db
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
    .all()
}

export function listKeys(ctx: Ctx, envId: number, envKey: string): KeyInfo[] {
  return ctx.db
    .select()
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.environmentId, envId))
    .orderBy(asc(schema.apiKeys.id))
    .all()
    .map((row) => toKeyInfo(row, envKey))
}

export function payloads(ctx: Ctx, envId: number): { server: Payload; client: Payload } {
  const env = ctx.db
    .select()
    .from(schema.environments)
    .where(eq(schema.environments.id, envId))
    .get()
  if (env === undefined) throw new Error(`environment ${envId} vanished`)
  const rows = envFlags(ctx, envId)
  const segmentRows = ctx.db
    .select()
    .from(schema.segments)
    .where(and(eq(schema.segments.environmentId, envId), isNull(schema.segments.deletedAt)))
    .orderBy(asc(schema.segments.key))
    .all()
  return buildPayloads(env, rows, segmentRows)
}

export function changesSince(ctx: Ctx, envId: number, version: number): Change[] | undefined {
  const env = ctx.db
    .select({ key: schema.environments.key, version: schema.environments.version })
    .from(schema.environments)
    .where(eq(schema.environments.id, envId))
    .get()
  if (env === undefined || version > env.version) return undefined
  if (version === env.version) return []
  const rows = ctx.db
    .select()
    .from(schema.changeLog)
    .where(and(eq(schema.changeLog.environmentId, envId), gt(schema.changeLog.version, version)))
    .orderBy(asc(schema.changeLog.version))
    .all()
  return changesFromLog({ id: envId, key: env.key, version: env.version }, version, rows)
}

export function listAudit(ctx: Ctx, query: AuditQuery): AuditEntry[] {
  return ctx.db
    .select()
    .from(schema.auditLog)
    .where(auditWhere(schema.auditLog, query))
    .orderBy(auditOrder(schema.auditLog, query))
    .limit(query.limit)
    .all()
    .map(toAuditEntry)
}

export function flagCounts(ctx: Ctx): { environment: string; flags: number }[] {
  return ctx.db.all<{ environment: string; flags: number }>(sql`
    select e.key as environment, count(f.id) as flags
    from environments e
    left join flag_configs c on c.environment_id = e.id
    left join flags f on f.id = c.flag_id and f.archived_at is null
    group by e.id order by e.id`)
}
