/**
 * What an SDK holds for one environment: the flags and segments of the last payload, kept
 * current by stream events, with the evaluator over them. Written once here so that the Node
 * and browser SDKs apply `put`, `patch` and `delete` identically: a patch or delete applies
 * only when its version is newer than the one held (a deleted item's version is remembered).
 * Each update returns the keys of the flags whose evaluation may have changed, dependents
 * through prerequisites and segments included.
 */
import { segmentKeysOf } from './clause.js'
import { versionOf, type CompiledFlag, type FlagCompile } from './compile-flag.js'
import { Uncompiled, evaluatorOver, tablesOf, type Evaluator, type Tables } from './evaluator.js'
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
  /** The environment version of the newest data applied (the stream's event id). */
  readonly version: number
  /**
   * Evaluates a flag against the data held. Never throws.
   * @example store.evaluate('new-checkout', { key: 'user-1' }, false).value
   */
  evaluate<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
  ): EvaluationResult
  /** Whether the flag is held. */
  has(key: string): boolean
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

/**
 * A way to hold compiled flags other than the default (a flag is held as it came until it is
 * compiled, on first use). By default a compiled flag keeps its wire form as
 * it came: the least code, for browsers. `COMPACT_HOLDING` shares equal parts between flags
 * and keeps only the rest: the least heap, for servers.
 */
export interface FlagHolding {
  /** A compiler for the flags of one payload (fresh for each, so its tables go with it). */
  compiler(): FlagCompile
  /** The flag's wire form, rebuilt. */
  wire(flag: CompiledFlag): Flag
}

export interface FlagStoreOptions {
  holding?: FlagHolding
}

/**
 * Creates an empty store, or one holding `payload`.
 * @example
 * const store = createFlagStore(bootstrapPayload)
 * store.patch({ kind: 'flag', key: 'a', version: 3, value: flag }) // ['a']
 */
export function createFlagStore(payload?: Payload, options: FlagStoreOptions = {}): FlagStore {
  const { holding } = options
  // The tables are the evaluator's; the store adds the versions of deleted items.
  let tables: Tables = tablesOf({}, holding?.compiler())
  let evaluator: Evaluator = evaluatorOver(tables)
  const deleted = { flag: new Map<string, number>(), segment: new Map<string, number>() }
  let version = 0
  let environment = ''
  /** metric key -> flags watching it; rebuilt on first use after a flag changes. */
  let watchers: Map<string, string[]> | undefined

  /** Flags that use any of the segments, or depend through prerequisites on any flag. */
  function affected(changedFlags: Iterable<string>, changedSegments: Iterable<string>): string[] {
    const flags = compiledFlags() // what a flag depends on is read from its compiled form
    const result = new Set(changedFlags)
    const segments = new Set(changedSegments)
    // To a fixed point: flags that name a changed segment in a rule, then their dependents.
    for (let grew = result.size + segments.size > 0; grew;) {
      grew = false
      for (const [key, flag] of flags) {
        if (
          !result.has(key) &&
          (flag.prerequisites.some((p) => result.has(p.key)) ||
            (segments.size > 0 &&
              flag.rules.some((r) =>
                r.clauses.some((c) => segmentKeysOf(c).some(segments.has, segments)),
              )))
        ) {
          result.add(key)
          grew = true
        }
      }
    }
    return [...result]
  }

  /** Every flag, compiled now if it was not yet. */
  function compiledFlags(): Map<string, CompiledFlag> {
    evaluator.compilePending()
    return tables.flags as Map<string, CompiledFlag>
  }

  /** Keys whose items were added, removed or changed version between two tables. */
  function differences<T>(before: Map<string, T>, after: Map<string, T>): Set<string> {
    const changed = new Set<string>()
    for (const [key, a] of before) {
      const b = after.get(key)
      if (b === undefined || versionOf(b) !== versionOf(a)) changed.add(key)
    }
    for (const key of after.keys()) if (!before.has(key)) changed.add(key)
    return changed
  }

  /** Holds a segment (or, when undefined, none), to compile on first use. */
  function setSegment(key: string, segment: unknown) {
    if (segment === undefined) tables.segments.delete(key)
    else tables.segments.set(key, segment)
    tables.compiledSegments.delete(key)
  }

  function advance(environmentVersion: number | undefined) {
    // undefined > version is false: an event without an id moves nothing.
    if ((environmentVersion as number) > version) version = environmentVersion!
  }

  /** The version held for an item, deleted ones included; undefined if never seen. */
  function heldVersion(kind: ItemKind, key: string): number | undefined {
    const raw = (kind === 'flag' ? tables.flags : tables.segments).get(key)
    return raw !== undefined ? versionOf(raw) : deleted[kind].get(key)
  }

  const store: FlagStore = {
    get version() {
      return version
    },
    evaluate: (flagKey, context, defaultValue) =>
      evaluator.evaluate(flagKey, context, defaultValue),
    has: (key) => tables.flags.has(key),
    flagKeys: () => [...tables.flags.keys()],

    put(next) {
      const before = tables
      tables = tablesOf(next, holding?.compiler())
      evaluator = evaluatorOver(tables)
      deleted.flag.clear()
      deleted.segment.clear()
      watchers = undefined
      version = versionOf(next)
      environment = typeof next.environment === 'string' ? next.environment : ''
      // On a first put everything is new: no need to compare.
      if (before.flags.size === 0 && before.segments.size === 0) return [...tables.flags.keys()]
      return affected(
        differences(before.flags, tables.flags),
        differences(before.segments, tables.segments),
      )
    },

    patch(event, environmentVersion) {
      advance(environmentVersion)
      const held = heldVersion(event.kind, event.key)
      if (held !== undefined && event.version <= held) return []
      deleted[event.kind].delete(event.key)
      if (event.kind === 'segment') {
        setSegment(event.key, event.value)
        return affected([], [event.key])
      }
      tables.flags.set(event.key, tables.compile(event.key, event.value))
      watchers = undefined
      return affected([event.key], [])
    },

    remove(event, environmentVersion) {
      advance(environmentVersion)
      const held = heldVersion(event.kind, event.key)
      if (held !== undefined && event.version <= held) return []
      deleted[event.kind].set(event.key, event.version)
      if (event.kind === 'segment') {
        const changed = affected([], [event.key])
        setSegment(event.key, undefined)
        return changed
      }
      const existed = tables.flags.has(event.key)
      const changed = existed ? affected([event.key], []) : []
      tables.flags.delete(event.key)
      watchers = undefined
      return changed
    },

    toPayload() {
      return {
        schemaVersion: 1,
        environment,
        version,
        // Flags not compiled yet are still in their wire form.
        flags: Object.fromEntries(
          Array.from(tables.flags, ([key, f]) => [
            key,
            f instanceof Uncompiled ? f.raw : holding ? holding.wire(f) : f.source,
          ]),
        ) as Record<string, Flag>,
        segments: Object.fromEntries(tables.segments) as Record<string, Segment>,
      }
    },

    flagsWatching(metric) {
      if (watchers === undefined) {
        watchers = new Map()
        for (const [key, flag] of compiledFlags()) {
          const metrics = (flag.source as Partial<Flag> | null)?.metrics
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
