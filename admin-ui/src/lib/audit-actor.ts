/**
 * Who an audit entry names: a member (a person signed in), a token (a machine or a person's
 * token) or the server's own part (the guard, a release plan). An approved change request names
 * its approver; its comment names who asked for it.
 */
import type { AuditEntry } from '@andon/core'

const KIND_WORDS: Record<string, string> = {
  member: 'member',
  token: 'token',
  system: 'Andon',
}

export function actorKindWords(entry: AuditEntry): string | undefined {
  return entry.actorKind ? (KIND_WORDS[entry.actorKind] ?? entry.actorKind) : undefined
}
