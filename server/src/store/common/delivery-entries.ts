/**
 * What the delivery metrics (insights/delivery) are computed from: the audit actions that
 * change what an environment serves, and each flag's creation, made from the flag itself so
 * that no scan of the whole audit log is needed.
 */
import type { AuditEntry } from '@andon/core'

export const DELIVERY_ACTIONS = ['flag.config.update', 'guard.tripped', 'flag.alert.disable']

export function creationEntry(flag: { key: string; at: number }): AuditEntry {
  return {
    id: 0,
    at: flag.at,
    actor: '',
    actorKind: 'system',
    actorId: null,
    action: 'flag.create',
    targetKind: 'flag',
    targetKey: flag.key,
    environment: null,
    before: null,
    after: null,
    comment: null,
  }
}
