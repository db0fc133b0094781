/** An audit entry as a row of `audit_log`, the same in both stores. */
import type { Actor, AuditEntry } from '../store.js'

/** An audit entry as a write gives it: the log adds the id, the time and the actor. */
export type AuditInput = Omit<
  AuditEntry,
  'id' | 'at' | 'actor' | 'actorKind' | 'actorId' | 'comment'
> & { comment?: string }

export function auditRow(at: number, actor: Actor, entry: AuditInput) {
  return {
    at,
    actor: actor.name,
    actorKind: actor.kind ?? 'system',
    actorId: actor.id ?? null,
    action: entry.action,
    targetKind: entry.targetKind,
    targetKey: entry.targetKey,
    environmentKey: entry.environment,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
    comment: entry.comment ?? null,
  }
}
