/**
 * What an SDK holds for one environment: the flags and segments of the last payload, kept
 * current by stream events, with the evaluator over them. Written once here so that the Node
 * and browser SDKs apply `put`, `patch` and `delete` identically: a patch or delete applies
 * only when its version is newer than the one held (a deleted item's version is remembered).
 * Each update returns the keys of the flags whose evaluation may have changed, dependents
 * through prerequisites and segments included.
 */
import { createEvaluator, type Evaluator } from './evaluator.js'
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

interface Held<T> {
  /** undefined for a deleted item whose version is remembered. */
  value: T | undefined
  version: number
}

function versionOf(item: unknown): number {
  const v = (item as { version?: unknown } | null)?.version
  return typeof v === 'number' ? v : 0
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
  let flags = new Map<string, Held<Flag>>()
  let segments = new Map<string, Held<Segment>>()
  let evaluator: Evaluator = createEvaluator({})
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
      for (const [key, held] of flags) {
        if (segmentKeysOf(held.value).some((s) => segmentSet.has(s))) result.add(key)
      }
    }
    if (result.size === 0) return []
    // Dependents through prerequisites, to a fixed point.
    let grew = true
    while (grew) {
      grew = false
      for (const [key, held] of flags) {
        if (result.has(key) || !held.value) continue
        if ((held.value.prerequisites ?? []).some((p) => result.has(p?.key))) {
          result.add(key)
          grew = true
        }
      }
    }
    return [...result]
  }

  function advance(environmentVersion: number | undefined) {
    if (environmentVersion !== undefined && environmentVersion > version)
      version = environmentVersion
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
    flag: (key) => flags.get(key)?.value,
    flagKeys: () => [...flags].filter(([, h]) => h.value !== undefined).map(([k]) => k),

    put(next) {
      const before = flags
      const beforeSegments = segments
      flags = new Map()
      segments = new Map()
      for (const [key, flag] of Object.entries(next.flags ?? {})) {
        flags.set(key, { value: flag, version: versionOf(flag) })
      }
      for (const [key, segment] of Object.entries(next.segments ?? {})) {
        segments.set(key, { value: segment, version: versionOf(segment) })
      }
      evaluator = createEvaluator(next)
      watchers = undefined
      initialized = true
      version = typeof next.version === 'number' ? next.version : 0
      environment = typeof next.environment === 'string' ? next.environment : ''
      const changedFlags = new Set<string>()
      for (const key of new Set([...before.keys(), ...flags.keys()])) {
        const a = before.get(key)
        const b = flags.get(key)
        if (a?.value === undefined && b?.value === undefined) continue
        if (a?.value === undefined || b?.value === undefined || a.version !== b.version) {
          changedFlags.add(key)
        }
      }
      const changedSegments: string[] = []
      for (const key of new Set([...beforeSegments.keys(), ...segments.keys()])) {
        const a = beforeSegments.get(key)
        const b = segments.get(key)
        if (
          a?.value !== b?.value &&
          (a?.value === undefined || b?.value === undefined || a.version !== b.version)
        ) {
          changedSegments.push(key)
        }
      }
      return affected(changedFlags, changedSegments)
    },

    patch(event, environmentVersion) {
      advance(environmentVersion)
      const map: Map<string, Held<unknown>> = event.kind === 'flag' ? flags : segments
      const held = map.get(event.key)
      if (held !== undefined && event.version <= held.version) return []
      map.set(event.key, { value: event.value, version: event.version })
      if (event.kind === 'flag') {
        watchers = undefined
        evaluator.setFlag(event.key, event.value)
        return affected([event.key], [])
      }
      evaluator.setSegment(event.key, event.value)
      return affected([], [event.key])
    },

    remove(event, environmentVersion) {
      advance(environmentVersion)
      const map: Map<string, Held<unknown>> = event.kind === 'flag' ? flags : segments
      const held = map.get(event.key)
      if (held !== undefined && event.version <= held.version) return []
      map.set(event.key, { value: undefined, version: event.version })
      if (event.kind === 'flag') {
        watchers = undefined
        evaluator.removeFlag(event.key)
        return held?.value === undefined ? [] : affected([event.key], [])
      }
      evaluator.removeSegment(event.key)
      return affected([], [event.key])
    },

    toPayload() {
      const out: Payload = { schemaVersion: 1, environment, version, flags: {}, segments: {} }
      for (const [key, held] of flags) if (held.value !== undefined) out.flags[key] = held.value
      for (const [key, held] of segments)
        if (held.value !== undefined) out.segments[key] = held.value
      return out
    },

    flagsWatching(metric) {
      if (watchers === undefined) {
        watchers = new Map()
        for (const [key, held] of flags) {
          const metrics = held.value?.metrics
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
