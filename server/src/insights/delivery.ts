/**
 * Delivery metrics from the audit log, per environment and week (weeks start on Monday, UTC):
 * - releases: a flag switched on, or ramped to serve a new variation to every context;
 * - change failure rate: the share of releases undone (switched off by a guard, an alert or a
 *   person's kill switch) within a week and before the flag's next release;
 * - time to restore: from such a switch-off until the flag is released again;
 * - lead time: from a flag's creation until it first serves a new variation to everyone there.
 */
import type { AuditEntry, DeliveryWeek, Flag } from '@andon/core'

export type { DeliveryWeek } from '@andon/core'

const DAY = 24 * 60 * 60 * 1000
export const FAILURE_WINDOW_MS = 7 * DAY

const CONFIG_ACTIONS = new Set(['flag.config.update', 'guard.tripped', 'flag.alert.disable'])

function isFlag(x: unknown): x is Flag {
  return typeof x === 'object' && x !== null && 'enabled' in x && 'fallthrough' in x
}

/** Every context gets a variation other than the off one. */
export function servesEveryone(flag: Flag): boolean {
  if (!flag.enabled) return false
  const ft = flag.fallthrough
  if ('variation' in ft) return ft.variation !== flag.offVariation
  return ft.rollout.variations.every((w) => w.weight === 0 || w.variation !== flag.offVariation)
}

function weekOf(at: number): string {
  const day = new Date(at)
  const monday =
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) -
    ((day.getUTCDay() + 6) % 7) * DAY
  return new Date(monday).toISOString().slice(0, 10)
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

interface Bucket {
  releases: number
  failures: number
  restores: number[]
  leadTimes: number[]
}

export function deliveryMetrics(entries: readonly AuditEntry[]): DeliveryWeek[] {
  const chronological = [...entries].sort((a, b) => a.id - b.id)
  const createdAt = new Map<string, number>()
  const buckets = new Map<string, Bucket>()
  const bucket = (environment: string, at: number) => {
    const id = `${environment}\u0000${weekOf(at)}`
    let b = buckets.get(id)
    if (b === undefined)
      buckets.set(id, (b = { releases: 0, failures: 0, restores: [], leadTimes: [] }))
    return b
  }
  /** Per flag and environment: the release not yet undone, a switch-off not yet restored. */
  const open = new Map<string, { release?: { at: number; environment: string }; offAt?: number }>()
  const everyoneBefore = new Set<string>()

  for (const e of chronological) {
    if (e.action === 'flag.create') createdAt.set(e.targetKey, e.at)
    if (!CONFIG_ACTIONS.has(e.action) || e.environment === null) continue
    const { before, after } = e
    if (!isFlag(before) || !isFlag(after)) continue
    const id = `${e.targetKey}\u0000${e.environment}`
    const state = open.get(id) ?? {}
    open.set(id, state)
    const switchedOn = !before.enabled && after.enabled
    const reachedEveryone = !servesEveryone(before) && servesEveryone(after)
    const switchedOff = before.enabled && !after.enabled
    if (switchedOn || reachedEveryone) {
      const b = bucket(e.environment, e.at)
      b.releases++
      if (state.offAt !== undefined && switchedOn) {
        bucket(e.environment, state.offAt).restores.push(e.at - state.offAt)
        state.offAt = undefined
      }
      state.release = { at: e.at, environment: e.environment }
      if (reachedEveryone && !everyoneBefore.has(id)) {
        everyoneBefore.add(id)
        const created = createdAt.get(e.targetKey)
        if (created !== undefined) b.leadTimes.push(e.at - created)
      }
    } else if (switchedOff) {
      const release = state.release
      if (release !== undefined && e.at - release.at <= FAILURE_WINDOW_MS) {
        bucket(release.environment, release.at).failures++
        state.offAt = e.at
      }
      state.release = undefined
    }
  }
  return [...buckets]
    .map(([id, b]) => {
      const [environment, week] = id.split('\u0000') as [string, string]
      return {
        environment,
        week,
        releases: b.releases,
        failures: b.failures,
        changeFailureRate: b.releases === 0 ? null : b.failures / b.releases,
        timeToRestore: { median: median(b.restores), count: b.restores.length },
        leadTime: { median: median(b.leadTimes), count: b.leadTimes.length },
      }
    })
    .sort((a, b) =>
      a.environment === b.environment
        ? a.week.localeCompare(b.week)
        : a.environment.localeCompare(b.environment),
    )
}
