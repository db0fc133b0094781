/**
 * The audit log's filters (flag, environment, actor, time) and paging, as SQL conditions on
 * either database's `audit_log`: newest first by `before`, or oldest first by `after` (exports).
 */
import { and, asc, desc, eq, gt, gte, lt, type Column, type SQL } from 'drizzle-orm'
import type { AuditQuery } from '../store.js'

export interface AuditColumns {
  id: Column
  at: Column
  actor: Column
  actorKind: Column
  actorId: Column
  targetKind: Column
  targetKey: Column
  environmentKey: Column
}

export function auditWhere(t: AuditColumns, q: AuditQuery): SQL | undefined {
  const where: SQL[] = []
  if (q.flag !== undefined) where.push(eq(t.targetKind, 'flag'), eq(t.targetKey, q.flag))
  if (q.environment !== undefined) where.push(eq(t.environmentKey, q.environment))
  if (q.actor !== undefined) where.push(eq(t.actor, q.actor))
  if (q.actorKind !== undefined) where.push(eq(t.actorKind, q.actorKind))
  if (q.actorId !== undefined) where.push(eq(t.actorId, q.actorId))
  if (q.since !== undefined) where.push(gte(t.at, q.since))
  if (q.until !== undefined) where.push(lt(t.at, q.until))
  if (q.after !== undefined) where.push(gt(t.id, q.after))
  else if (q.before !== undefined) where.push(lt(t.id, q.before))
  return and(...where)
}

export const auditOrder = (t: AuditColumns, q: AuditQuery): SQL =>
  q.after !== undefined ? asc(t.id) : desc(t.id)
