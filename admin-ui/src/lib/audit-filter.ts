/**
 * The audit log's flag filter matches part of a key, in any case: the server matches exact
 * keys only, so the page filters what it loaded.
 */
import type { AuditEntry } from '@andon/core'

/** Whether an entry concerns a flag whose key holds `part` ('' matches every entry). */
export function matchesFlag(entry: AuditEntry, part: string): boolean {
  return (
    part === '' ||
    (entry.targetKind === 'flag' && entry.targetKey.toLowerCase().includes(part.toLowerCase()))
  )
}
