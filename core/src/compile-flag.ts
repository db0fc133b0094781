/**
 * A flag of the wire model compiled for evaluation: every result it can serve is built here,
 * once, so evaluating allocates nothing. A flag whose structure cannot be read compiles to a
 * malformed flag; a bad variation index or rollout is malformed only where it is served.
 * Once compiled, a store keeps only the compiled form, so it also keeps what the wire form
 * is rebuilt from (`source`).
 */
import { compileClause, type CompiledClause } from './clause.js'
import type { HashPrefix } from './murmur3.js'
import type { JsonValue, Reason } from './model.js'
import {
  MALFORMED_FLAG,
  MalformedFlagError,
  REASON_FALLTHROUGH,
  REASON_OFF,
  REASON_TARGET_MATCH,
  defaultResult,
  reason as reasonOf,
  servedResult,
  type Result,
} from './results.js'
import { BUCKET_COUNT } from './bucket.js'
import { isNamedVariation } from './variation-name.js'

export interface CompiledServe {
  /** The result when the serve is a fixed variation, or MALFORMED_FLAG when it is invalid. */
  readonly fixed: Result | null
  readonly bucketBy: string
  readonly bucketByOwnOnly: boolean
  /** Running totals of the rollout's weights: the first one above the bucket wins. */
  readonly thresholds: readonly number[]
  readonly results: readonly Result[]
}

export interface CompiledPrerequisite {
  readonly key: string
  readonly variation: number
  readonly failed: Result
}

export interface CompiledRule {
  readonly clauses: readonly CompiledClause[]
  readonly serve: CompiledServe
}

export interface CompiledFlag {
  readonly key: string
  readonly version: number
  /** False for a malformed flag, whose `off` is then MALFORMED_FLAG. */
  readonly enabled: boolean
  readonly off: Result
  readonly prerequisites: readonly CompiledPrerequisite[]
  readonly targets: ReadonlyMap<unknown, Result> | null
  readonly rules: readonly CompiledRule[]
  readonly fallthrough: CompiledServe
  readonly salt: string
  /** The hash state of `salt + ":"`, made when a rollout of the flag first buckets. */
  prefix: HashPrefix | null
  /**
   * Kept by compact holding, to rebuild the wire form: empty only for a malformed flag (a
   * readable flag has at least one variation).
   */
  readonly variations?: readonly JsonValue[]
  readonly offVariation?: unknown
  /**
   * What the wire form is rebuilt from, with the fields above: the wire flag itself, or
   * (compact-flag.ts) only the fields that no compiled part keeps. A malformed flag keeps
   * the wire flag whole.
   */
  readonly source: unknown
}

/** Compiles a wire flag held under `key`; never throws. */
export type FlagCompile = (key: string, raw: unknown) => CompiledFlag

type Obj = Record<string, unknown>

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export const NONE: readonly never[] = Object.freeze([])

/** A list field: missing is empty, anything but an array makes the flag malformed. */
export function arrayOrEmpty(v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return NONE
  if (!Array.isArray(v)) throw new MalformedFlagError()
  return v
}

function fixedServe(fixed: Result): CompiledServe {
  return { fixed, bucketBy: 'key', bucketByOwnOnly: false, thresholds: NONE, results: NONE }
}

/** Compiles the parts of one flag, whose variations results serve. */
export class FlagCompiler {
  constructor(readonly variations: readonly JsonValue[]) {}

  isIndex(i: unknown): i is number {
    // Number.isInteger is false for anything but a number.
    return Number.isInteger(i) && (i as number) >= 0 && (i as number) < this.variations.length
  }

  /** The result serving variation `i` with `reason`, or MALFORMED_FLAG if `i` is no index. */
  served(i: unknown, reason: Reason): Result {
    if (!this.isIndex(i)) return MALFORMED_FLAG
    const variation = this.variations[i]!
    const named = isNamedVariation(variation)
    return servedResult(named ? variation.value : variation, i, reason, named && variation.name)
  }

  /** Serves `offVariation`, or the caller's default when it is null. */
  offResult(offVariation: unknown, reason: Reason): Result {
    return offVariation === null || offVariation === undefined
      ? defaultResult(reason)
      : this.served(offVariation, reason)
  }

  serve(raw: unknown, why: Reason): CompiledServe {
    if (!isObject(raw)) throw new MalformedFlagError() // serve is not an object
    if (!isObject(raw.rollout)) return fixedServe(this.served(raw.variation, why))
    const rollout = raw.rollout
    const entries = arrayOrEmpty(rollout.variations)
    const bucketBy = rollout.bucketBy ?? 'key'
    if (typeof bucketBy !== 'string') throw new MalformedFlagError() // bucketBy is not a string
    const rolloutReason = reasonOf({
      ...why,
      inRollout: true,
      ...(rollout.kind === 'experiment' && { inExperiment: true }),
    })
    const thresholds: number[] = []
    const results: Result[] = []
    let total = 0
    for (const entry of entries) {
      // Number.isInteger is false for anything but a number.
      const weight = (isObject(entry) ? entry.weight : undefined) as number
      if (!Number.isInteger(weight) || weight < 0) {
        return fixedServe(MALFORMED_FLAG)
      }
      const result = this.served((entry as Obj).variation, rolloutReason)
      if (result === MALFORMED_FLAG) return fixedServe(MALFORMED_FLAG)
      total += weight
      thresholds.push(total)
      results.push(result)
    }
    if (total !== BUCKET_COUNT) return fixedServe(MALFORMED_FLAG)
    return {
      fixed: null,
      bucketBy,
      bucketByOwnOnly: bucketBy in Object.prototype,
      thresholds,
      results,
    }
  }

  prerequisites(list: readonly unknown[], offVariation: unknown): readonly CompiledPrerequisite[] {
    return list.length === 0
      ? NONE
      : list.map((p) => {
          if (!isObject(p) || typeof p.key !== 'string') throw new MalformedFlagError() // bad prerequisite
          const failed = reasonOf({ kind: 'PREREQUISITE_FAILED', prerequisiteKey: p.key })
          return {
            key: p.key,
            variation: typeof p.variation === 'number' ? p.variation : NaN,
            failed: this.offResult(offVariation, failed),
          }
        })
  }

  targets(list: readonly unknown[]): Map<unknown, Result> | null {
    let targets: Map<unknown, Result> | null = null
    for (const t of list) {
      if (!isObject(t)) throw new MalformedFlagError() // target is not an object
      const result = this.served(t.variation, REASON_TARGET_MATCH)
      for (const value of arrayOrEmpty(t.values)) {
        targets ??= new Map()
        // The first target that names a key wins, as if the targets were checked in order.
        if (!targets.has(value)) targets.set(value, result)
      }
    }
    return targets
  }

  rules(raw: readonly unknown[]): readonly CompiledRule[] {
    return raw.length === 0
      ? NONE
      : raw.map((rule, ruleIndex): CompiledRule => {
          if (!isObject(rule)) throw new MalformedFlagError() // rule is not an object
          const why = reasonOf({
            kind: 'RULE_MATCH',
            ruleIndex,
            ...(typeof rule.id === 'string' && { ruleId: rule.id }),
          })
          return {
            clauses: arrayOrEmpty(rule.clauses).map(compileClause),
            serve: this.serve(rule.serve, why),
          }
        })
  }
}

/**
 * Compiles one flag, keeping its wire form whole as its source; never throws: what cannot
 * be read becomes a malformed flag.
 * @example compileFlag('new-checkout', wireFlag).enabled
 */
export function compileFlag(key: string, raw: unknown): CompiledFlag {
  try {
    if (!isObject(raw)) throw new MalformedFlagError() // flag is not an object
    const variations = variationsOf(raw)
    const c = new FlagCompiler(variations)
    return {
      key,
      version: versionOf(raw),
      enabled: raw.enabled === true,
      off: c.offResult(raw.offVariation, REASON_OFF),
      prerequisites: c.prerequisites(arrayOrEmpty(raw.prerequisites), raw.offVariation),
      targets: c.targets(arrayOrEmpty(raw.targets)),
      rules: c.rules(arrayOrEmpty(raw.rules)),
      fallthrough: c.serve(raw.fallthrough, REASON_FALLTHROUGH),
      salt: saltOf(raw, key),
      prefix: null,
      source: raw,
    }
  } catch {
    return malformedFlag(key, raw)
  }
}

/** A flag's variations: a non-empty list, or the flag is malformed. */
export function variationsOf(raw: Obj): JsonValue[] {
  const variations = raw.variations
  if (!Array.isArray(variations) || variations.length === 0) {
    throw new MalformedFlagError() // variations is not a non-empty array
  }
  return variations as JsonValue[]
}

/** A flag's salt: a string, by default the key; anything else makes the flag malformed. */
export function saltOf(raw: Obj, key: string): string {
  const salt = raw.salt ?? key
  if (typeof salt !== 'string') throw new MalformedFlagError() // salt is not a string
  return salt
}

/** The `version` of a flag or segment in any form: a number, else 0. */
export function versionOf(item: unknown): number {
  // A primitive has no such field either, and null or undefined none at all.
  const version = (item as { version?: unknown } | null | undefined)?.version
  return typeof version === 'number' ? version : 0
}

/** A flag that cannot be read: it serves MALFORMED_FLAG and keeps its wire form whole. */
export function malformedFlag(key: string, raw: unknown): CompiledFlag {
  return {
    key,
    version: versionOf(raw),
    enabled: false,
    off: MALFORMED_FLAG,
    prerequisites: NONE,
    targets: null,
    rules: NONE,
    fallthrough: fixedServe(MALFORMED_FLAG),
    salt: key,
    prefix: null,
    variations: NONE, // and no offVariation: the wire form is `source`, whole
    source: raw,
  }
}
