/**
 * The evaluator: flags and segments of one environment, compiled on first use (or, for flags,
 * in steps that their owner takes), and `evaluate()` in the order of the spec (off,
 * prerequisites, targets, rules, fallthrough).
 * It never throws: a broken payload or context yields an ERROR result with the default.
 */
import { bucketableValue, bucketWithPrefix, saltPrefix } from './bucket.js'
import { matchClause, readAttribute, type CompiledClause, type SegmentLookup } from './clause.js'
import {
  compileFlag,
  type CompiledFlag,
  type CompiledServe,
  type FlagCompile,
} from './compile-flag.js'
import { EMPTY_SEGMENT, compileSegment, type CompiledSegment } from './compile-segment.js'
import type { Context, EvaluationResult, JsonValue, Payload } from './model.js'
import { FLAG_NOT_FOUND, MALFORMED_FLAG, TARGETING_KEY_MISSING, type Result } from './results.js'

/** Prerequisite chains deeper than this are treated as malformed rather than recursed into. */
const MAX_PREREQUISITE_DEPTH = 100

/** A prerequisite cycle found while evaluating, back to the flag `key`. */
class Cycle {
  constructor(readonly key: string) {}
}

/** A flag as it came, not compiled yet; it keeps its `version` for the store's bookkeeping. */
export class Uncompiled {
  constructor(readonly raw: unknown) {}
  get version(): unknown {
    return (this.raw as { version?: unknown } | null)?.version
  }
}

/**
 * What an evaluator reads: every flag, compiled or still as it came, the compiler for the
 * latter, and the segments as held with their compiled forms, made on first use. A flag is
 * compiled on its first evaluation, or when its owner calls `compilePending`: a payload of
 * thousands of flags is ready at once, and its owner compiles the rest in steps. A flag
 * store owns the tables and changes them (`setFlag` and the like in flag-store.ts).
 */
export interface Tables {
  flags: Map<string, CompiledFlag | Uncompiled>
  compile: FlagCompile
  segments: Map<string, unknown>
  compiledSegments: Map<string, CompiledSegment>
}

export interface Evaluator {
  /**
   * What `context` gets for `flagKey`: the value, its index and the reason.
   * @example evaluator.evaluate('new-checkout', { key: 'user-1' }, false).value
   */
  evaluate<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
  ): EvaluationResult<JsonValue>
  /** Compiles up to `budget` flags not compiled yet; returns how many are left. */
  compilePending(budget?: number): number
}

const EMPTY_CONTEXT: Context = Object.freeze({})

/** `value` when it is an object (an array included), else an empty one. */
const objectOr = (value: unknown) =>
  ((typeof value === 'object' && value) || {}) as Record<string, unknown>

/** The tables of a payload, none of its flags compiled yet; `compile` will compile them. */
export function tablesOf(payload: Payload | unknown, compile: FlagCompile = compileFlag): Tables {
  const p = objectOr(payload) as Partial<Payload>
  const flags = new Map<string, Uncompiled>()
  const segments = new Map<string, unknown>()
  const f = objectOr(p.flags)
  const s = objectOr(p.segments)
  // for-in with hasOwn: no array of entries to allocate for thousands of flags.
  for (const key in f) if (Object.hasOwn(f, key)) flags.set(key, new Uncompiled(f[key]))
  for (const key in s) if (Object.hasOwn(s, key)) segments.set(key, s[key])
  return { flags, compile, segments, compiledSegments: new Map() }
}

/**
 * Creates an evaluator over an environment payload. Each flag is compiled once, on its first
 * evaluation, so creating one for thousands of flags costs a map insertion per flag.
 * @example
 * const evaluator = createEvaluator(payload)
 * evaluator.evaluate('new-checkout', { key: 'user-1', country: 'SE' }, false)
 */
export function createEvaluator(payload: Payload | unknown): Evaluator {
  return evaluatorOver(tablesOf(payload))
}

/** An evaluator over tables that its owner (a flag store) changes. */
export function evaluatorOver(tables: Tables): Evaluator {
  const { flags, compile, segments, compiledSegments } = tables

  function flagNamed(key: string): CompiledFlag | undefined {
    const flag = flags.get(key)
    if (!(flag instanceof Uncompiled)) return flag
    const compiled = compile(key, flag.raw)
    flags.set(key, compiled)
    return compiled
  }

  function segmentNamed(key: string): CompiledSegment {
    let compiled = compiledSegments.get(key)
    if (compiled === undefined) {
      const raw = segments.get(key)
      if (raw === undefined) return EMPTY_SEGMENT
      compiled = compileSegment(raw)
      compiledSegments.set(key, compiled)
    }
    return compiled
  }

  const inSegment: SegmentLookup = (segmentKey, context) => {
    const segment = segmentNamed(segmentKey)
    const key = (context as Context).key
    if (key !== undefined && key !== null) {
      if (segment.included.has(key)) return true
      if (segment.excluded.has(key)) return false
    }
    for (const clauses of segment.rules) {
      if (allMatch(clauses, context, null)) return true
    }
    return false
  }

  function allMatch(
    clauses: readonly CompiledClause[],
    context: object,
    lookup: SegmentLookup | null,
  ): boolean {
    for (let i = 0; i < clauses.length; i++) {
      if (!matchClause(clauses[i]!, context, lookup)) return false
    }
    return true
  }

  function serve(s: CompiledServe, context: object, flag: CompiledFlag): Result {
    if (s.fixed !== null) return s.fixed
    const value = bucketableValue(readAttribute(context, s.bucketBy, s.bucketByOwnOnly))
    if (value === undefined) return TARGETING_KEY_MISSING
    // The salt's hash state is made on the first bucketing, not for every flag at load.
    const b = bucketWithPrefix((flag.prefix ??= saltPrefix(flag.salt)), value)
    const thresholds = s.thresholds
    for (let i = 0; i < thresholds.length; i++) {
      if (b < thresholds[i]!) return s.results[i]!
    }
    return MALFORMED_FLAG // unreachable: the weights add up to more than any bucket
  }

  function run(flag: CompiledFlag, context: object, stack: string[] | null): Result | Cycle {
    if (!flag.enabled) return flag.off
    if (flag.prerequisites.length > 0) {
      const path = stack ?? []
      if (path.length >= MAX_PREREQUISITE_DEPTH) return MALFORMED_FLAG
      path.push(flag.key)
      const outcome = checkPrerequisites(flag, context, path)
      path.pop()
      if (outcome !== null) return outcome
    }
    if (flag.targets !== null) {
      const key = (context as Context).key
      if (key !== undefined) {
        const hit = flag.targets.get(key)
        if (hit !== undefined) return hit
      }
    }
    const rules = flag.rules
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!
      if (allMatch(rule.clauses, context, inSegment)) return serve(rule.serve, context, flag)
    }
    return serve(flag.fallthrough, context, flag)
  }

  /** null when every prerequisite holds; otherwise what the flag serves instead. */
  function checkPrerequisites(
    flag: CompiledFlag,
    context: object,
    path: string[],
  ): Result | Cycle | null {
    for (const p of flag.prerequisites) {
      let outcome: Result | Cycle | undefined
      if (path.includes(p.key)) {
        outcome = new Cycle(p.key)
      } else {
        const prerequisite = flagNamed(p.key)
        if (prerequisite !== undefined && prerequisite.enabled) {
          outcome = run(prerequisite, context, path)
        }
      }
      // A flag on the cycle is malformed; a flag that only depends on one sees a failure.
      if (outcome instanceof Cycle) return outcome.key === flag.key ? MALFORMED_FLAG : outcome
      if (outcome === undefined || outcome.variationIndex !== p.variation) return p.failed
    }
    return null
  }

  return {
    evaluate(flagKey, context, defaultValue) {
      let result: Result | Cycle
      try {
        // Flags are held under strings only: another key finds none.
        const flag = flagNamed(flagKey)
        const ctx = typeof context === 'object' && context !== null ? context : EMPTY_CONTEXT
        result = flag === undefined ? FLAG_NOT_FOUND : run(flag, ctx, null)
      } catch {
        result = MALFORMED_FLAG // e.g. a context whose getters throw
      }
      if (result instanceof Cycle) result = MALFORMED_FLAG
      if (result.variationIndex !== null) return result
      return { value: defaultValue, variationIndex: null, reason: result.reason }
    },
    compilePending(budget = Infinity) {
      let left = 0
      for (const [key, flag] of flags) {
        if (!(flag instanceof Uncompiled)) continue
        if (budget-- > 0) flagNamed(key)
        else left++
      }
      return left
    },
  }
}

/**
 * One-shot evaluation. For repeated evaluations keep an evaluator from `createEvaluator`.
 * @example evaluate(payload, 'new-checkout', { key: 'user-1' }, false)
 */
export function evaluate<T extends JsonValue>(
  payload: Payload | unknown,
  flagKey: string,
  context: Context,
  defaultValue: T,
): EvaluationResult<JsonValue> {
  return evaluatorOver(tablesOf(payload)).evaluate(flagKey, context, defaultValue)
}
