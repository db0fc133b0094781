/**
 * What an SDK holds for one environment: the flags and segments of the last payload, kept
 * current by stream events, with the evaluator over them. Written once here so that the Node
 * and browser SDKs apply `put`, `patch` and `delete` identically: a patch or delete applies
 * only when its version is newer than the one held (a deleted item's version is remembered).
 * Each update returns the keys of the flags whose evaluation may have changed, dependents
 * through prerequisites and segments included.
 */
import {
  evaluatorOver,
  tableOf,
  type Evaluator,
  type FlagTable,
  type SegmentTable,
  type TableEntry,
} from './evaluator.js'
import type {
  Context,
  EvaluationResult,
  Flag,
  ItemKind,
  JsonValue,
  Payload,
  Segment,
} from './model.js'

export interface ItemPatch {
  kind: ItemKind
  key: string
  version: number
  value: unknown
}

export interface ItemDelete {
  kind: ItemKind
  key: string
  version: number
}

export interface FlagStore {
  /** Whether a payload was ever put. */
  readonly initialized: boolean
  /** The environment version of the newest data applied (the stream's event id). */
  readonly version: number
  readonly environment: string
  /**
   * Evaluates a flag against the data held. Never throws.
   * @example store.evaluate('new-checkout', { key: 'user-1' }, false).value
   */
  evaluate<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
  ): EvaluationResult
  /** The flag as held, for SDK bookkeeping such as its `metrics`. */
  flag(key: string): Flag | undefined
  flagKeys(): string[]
  /** Replaces everything; returns the keys of flags added, removed or changed. */
  put(payload: Payload): string[]
  /** Applies a patch if newer; returns the flags it changed (none when stale). */
  patch(event: ItemPatch, environmentVersion?: number): string[]
  /** Applies a delete if newer; returns the flags it changed (none when stale). */
  remove(event: ItemDelete, environmentVersion?: number): string[]
  /** The data held, as a payload (for a cache file or `localStorage`). */
  toPayload(): Payload
  /** The flags whose `metrics` list this metric: a tracked event is attributed to each. */
  flagsWatching(metric: string): readonly string[]
}

function segmentKeysOf(flag: Flag | undefined): string[] {
  const keys: string[] = []
  for (const rule of flag?.rules ?? []) {
    for (const clause of rule?.clauses ?? []) {
      if (clause?.op === 'segmentMatch' && Array.isArray(clause.values)) {
        for (const v of clause.values) if (typeof v === 'string') keys.push(v)
      }
    }
  }
  return keys
}

/**
 * Creates an empty store, or one holding `payload`.
 * @example
 * const store = createFlagStore(bootstrapPayload)
 * store.patch({ kind: 'flag', key: 'a', version: 3, value: flag }) // ['a']
 */
export function createFlagStore(payload?: Payload): FlagStore {
  // One table per kind, shared with the evaluator: an entry holds the wire form, its compiled
  // form and its version, and a deleted item stays as an entry without `raw`.
  let flags: FlagTable = new Map()
  let segments: SegmentTable = new Map()
  let evaluator: Evaluator = evaluatorOver(flags, segments)
  let initialized = false
  let version = 0
  let environment = ''
  /** metric key -> flags watching it; rebuilt on first use after a flag changes. */
  let watchers: Map<string, string[]> | undefined

  /** Flags that use any of the segments, or depend through prerequisites on any flag. */
  function affected(changedFlags: Iterable<string>, changedSegments: Iterable<string>): string[] {
    const result = new Set(changedFlags)
    const segmentSet = new Set(changedSegments)
    if (segmentSet.size > 0) {
      for (const [key, entry] of flags) {
        if (segmentKeysOf(entry.raw as Flag).some((s) => segmentSet.has(s))) result.add(key)
      }
    }
    if (result.size === 0 || result.size === flags.size) return [...result]
    // Dependents through prerequisites, to a fixed point.
    let grew = true
    while (grew) {
      grew = false
      for (const [key, entry] of flags) {
        const prerequisites = (entry.raw as Flag | undefined)?.prerequisites
        if (result.has(key) || !Array.isArray(prerequisites)) continue
        if (prerequisites.some((p) => result.has(p?.key))) {
          result.add(key)
          grew = true
        }
      }
    }
    return [...result]
  }

  /** Keys whose items were added, removed or changed version between two tables. */
  function differences<C>(before: Map<string, TableEntry<C>>, after: Map<string, TableEntry<C>>) {
    const changed = new Set<string>()
    for (const [key, a] of before) {
      if (a.raw === undefined) continue
      const b = after.get(key)
      if (b === undefined || b.version !== a.version) changed.add(key)
    }
    for (const [key, b] of after) {
      const a = before.get(key)
      if (a === undefined || a.raw === undefined || a.version !== b.version) changed.add(key)
    }
    return changed
  }

  function advance(environmentVersion: number | undefined) {
    if (environmentVersion !== undefined && environmentVersion > version)
      version = environmentVersion
  }

  /** Applies a newer item (or a deletion, with `raw` undefined); false when it is stale. */
  function apply(kind: ItemKind, key: string, itemVersion: number, raw: unknown): boolean {
    const table: Map<string, TableEntry<unknown>> = kind === 'flag' ? flags : segments
    const held = table.get(key)
    if (held !== undefined && itemVersion <= held.version) return false
    table.set(key, { raw, compiled: undefined, version: itemVersion })
    if (kind === 'flag') watchers = undefined
    return true
  }

  const store: FlagStore = {
    get initialized() {
      return initialized
    },
    get version() {
      return version
    },
    get environment() {
      return environment
    },
    evaluate: (flagKey, context, defaultValue) =>
      evaluator.evaluate(flagKey, context, defaultValue),
    flag(key) {
      return flags.get(key)?.raw as Flag | undefined
    },
    flagKeys: () => [...evaluator.flagKeys()],

    put(next) {
      const before = flags
      const beforeSegments = segments
      flags = tableOf(next.flags)
      segments = tableOf(next.segments)
      evaluator = evaluatorOver(flags, segments)
      watchers = undefined
      initialized = true
      version = typeof next.version === 'number' ? next.version : 0
      environment = typeof next.environment === 'string' ? next.environment : ''
      // On a first put everything is new: no need to compare.
      if (before.size === 0 && beforeSegments.size === 0) return [...flags.keys()]
      return affected(differences(before, flags), differences(beforeSegments, segments))
    },

    patch(event, environmentVersion) {
      advance(environmentVersion)
      if (!apply(event.kind, event.key, event.version, event.value)) return []
      return event.kind === 'flag' ? affected([event.key], []) : affected([], [event.key])
    },

    remove(event, environmentVersion) {
      advance(environmentVersion)
      const held = (event.kind === 'flag' ? flags : segments).get(event.key)
      if (!apply(event.kind, event.key, event.version, undefined)) return []
      if (event.kind === 'segment') return affected([], [event.key])
      return held?.raw === undefined ? [] : affected([event.key], [])
    },

    toPayload() {
      const out: Payload = { schemaVersion: 1, environment, version, flags: {}, segments: {} }
      for (const [key, entry] of flags)
        if (entry.raw !== undefined) out.flags[key] = entry.raw as Flag
      for (const [key, entry] of segments) {
        if (entry.raw !== undefined) out.segments[key] = entry.raw as Segment
      }
      return out
    },

    flagsWatching(metric) {
      if (watchers === undefined) {
        watchers = new Map()
        for (const [key, entry] of flags) {
          const metrics = (entry.raw as Flag | undefined)?.metrics
          if (!Array.isArray(metrics)) continue
          for (const m of metrics) {
            if (typeof m !== 'string') continue
            const list = watchers.get(m) ?? []
            list.push(key)
            watchers.set(m, list)
          }
        }
      }
      return watchers.get(metric) ?? []
    },
  }
  if (payload !== undefined) store.put(payload)
  return store
}
