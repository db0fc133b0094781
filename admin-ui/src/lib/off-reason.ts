/**
 * Why a flag is off in an environment when no person switched it off: the guard found a
 * regression (`guard.tripped`) or an Alertmanager alert fired (`flag.alert.disable`), read from
 * the audit log. Such a switch-off counts until the next entry that flips the flag's switch.
 */
import type { AuditEntry, Flag, JsonValue } from '@andon/core'
import { detailOf, type AlertEvidence, type GuardEvidence } from './audit-detail.js'
import { formatTime } from './format-time.js'
import { variationLabel } from './variations.js'

export interface OffReason {
  by: 'guard' | 'alertmanager'
  at: number
  /** What happened: "checkout-error regressed in variation true against variation false". */
  what: string
}

const OFF_ACTIONS: Record<string, OffReason['by']> = {
  'guard.tripped': 'guard',
  'flag.alert.disable': 'alertmanager',
}

/** A config entry's before and after are the flag (null when there was none). */
const enabledOf = (flag: unknown) => (flag as Partial<Flag> | null)?.enabled

function whatOf(by: OffReason['by'], entry: AuditEntry, variations: readonly JsonValue[]) {
  if (by === 'alertmanager') {
    const { alert } = detailOf(entry) as unknown as AlertEvidence
    const summary = alert.annotations.summary
    return `${alert.labels.alertname ?? 'an alert'} fired${summary ? ` (${summary})` : ''}`
  }
  const d = detailOf(entry) as unknown as GuardEvidence
  const name = (i: number) => `variation ${variationLabel(variations[i])}`
  return `${d.metric} regressed in ${name(d.variation)} against ${name(d.control)}`
}

/** `flag\nenvironment`: the key of offReasons' map. */
export const offReasonKey = (flag: string, environment: string) => `${flag}\n${environment}`

/**
 * For every flag and environment of `entries` (newest first), the reason it was switched off
 * when that is the latest change of its switch among them.
 */
export function offReasons(
  entries: readonly AuditEntry[],
  variationsOf: (flag: string) => readonly JsonValue[] = () => [],
): Map<string, OffReason> {
  const decided = new Set<string>()
  const reasons = new Map<string, OffReason>()
  for (const entry of entries) {
    if (entry.targetKind !== 'flag' || entry.environment === null) continue
    const key = offReasonKey(entry.targetKey, entry.environment)
    if (decided.has(key)) continue
    const by = OFF_ACTIONS[entry.action]
    if (by !== undefined) {
      const what = whatOf(by, entry, variationsOf(entry.targetKey))
      reasons.set(key, { by, at: entry.at, what })
      decided.add(key)
    } else if (enabledOf(entry.before) !== enabledOf(entry.after)) decided.add(key)
  }
  return reasons
}

/** The reason as a sentence: "The guard switched this flag off at …: …." */
export function offSentence(reason: OffReason): string {
  const who = reason.by === 'guard' ? 'The guard' : 'Alertmanager'
  return `${who} switched this flag off at ${formatTime(reason.at)}: ${reason.what}.`
}
