/**
 * The configs this process last wrote with the one-trip edit, by environment and flag: the
 * next edit of the same flag decides on them instead of reading them again, which spares a
 * round trip to the database on the common run of edits to one flag (a rollout ramped, a flag
 * switched on and then off).
 *
 * Never trusted blindly: the write that uses one still writes only if the config's version in
 * the database is the one remembered (and every change to what the decision rests on writes a
 * new version), so a stale one costs a wasted statement and the full write, never a wrong
 * result. Changes this process hears of (its own full writes, other processes' writes) drop the
 * ones they made older, so that waste stays rare.
 */
import type { FlagConfig } from '@andon/core'
import type { Change } from '../store.js'
import type { schema } from './context.js'

export interface RememberedConfig {
  flag: typeof schema.flags.$inferSelect
  envId: number
  version: number
  config: FlagConfig
}

export interface RememberedConfigs {
  get(envKey: string, flagKey: string): RememberedConfig | undefined
  set(envKey: string, flagKey: string, remembered: RememberedConfig): void
  forget(envKey: string, flagKey: string): void
  /** Drops those that a change names with a newer version. */
  outdatedBy(changes: readonly Change[]): void
}

/** Many flags edited at once: past this, start again rather than grow. */
const MAX_HELD = 10_000

/** The flag a change event names, with the config version it carries. */
function flagVersion(data: unknown): { key: string; version: number } | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { kind, key, version } = data as Record<string, unknown>
  return kind === 'flag' && typeof key === 'string' && typeof version === 'number'
    ? { key, version }
    : undefined
}

export function createRememberedConfigs(): RememberedConfigs {
  /** By environment key, then flag key. */
  const held = new Map<string, Map<string, RememberedConfig>>()
  let size = 0
  const forget = (envKey: string, flagKey: string) => {
    if (held.get(envKey)?.delete(flagKey)) size--
  }
  return {
    get: (envKey, flagKey) => held.get(envKey)?.get(flagKey),
    set(envKey, flagKey, remembered) {
      if (size >= MAX_HELD) {
        held.clear()
        size = 0
      }
      let flags = held.get(envKey)
      if (flags === undefined) held.set(envKey, (flags = new Map()))
      if (!flags.has(flagKey)) size++
      flags.set(flagKey, remembered)
    },
    forget,
    outdatedBy(changes) {
      if (size === 0) return
      for (const change of changes) {
        for (const event of change.events) {
          const named = flagVersion(event.data)
          if (named === undefined) continue
          const remembered = held.get(change.environment)?.get(named.key)
          if (remembered !== undefined && remembered.version < named.version) {
            forget(change.environment, named.key)
          }
        }
      }
    },
  }
}
