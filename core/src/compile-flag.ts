/**
 * A flag of the wire model compiled for evaluation: every result it can serve is built here,
 * once, so evaluating allocates nothing. A flag whose structure cannot be read compiles to a
 * malformed flag; a bad variation index or rollout is malformed only where it is served.
 */
import { saltPrefix } from './bucket.js'
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

export interface CompiledServe {
  /** The result when the serve is a fixed variation, or MALFORMED_FLAG when it is invalid. */
  readonly fixed: Result | null
  readonly bucketBy: string
  readonly bucketByOwnOnly: boolean
  readonly prefix: HashPrefix | null
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
  readonly malformed: boolean
  readonly enabled: boolean
  readonly off: Result
  readonly prerequisites: readonly CompiledPrerequisite[]
  readonly targets: ReadonlyMap<unknown, Result> | null
  readonly rules: readonly CompiledRule[]
  readonly fallthrough: CompiledServe
}

type Obj = Record<string, unknown>

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const NONE: readonly never[] = Object.freeze([])

/** A list field: missing is empty, anything but an array makes the flag malformed. */
function arrayOrEmpty(v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return NONE
  if (!Array.isArray(v)) throw new MalformedFlagError()
  return v
}

const fixedServes = new WeakMap<Result, CompiledServe>()

/** The serve of one fixed result; shared, as results are. */
/** `list.map(f)`, sharing one empty array for the many flags without such items. */
function mapList<T>(
  list: readonly unknown[],
  f: (item: unknown, index: number) => T,
): readonly T[] {
  return list.length === 0 ? NONE : list.map(f)
}

function fixedServe(fixed: Result): CompiledServe {
  let serve = fixedServes.get(fixed)
  if (serve === undefined) {
    serve = newFixedServe(fixed)
    fixedServes.set(fixed, serve)
  }
  return serve
}

function newFixedServe(fixed: Result): CompiledServe {
  return {
    fixed,
    bucketBy: 'key',
    bucketByOwnOnly: false,
    prefix: null,
    thresholds: [],
    results: [],
  }
}

class FlagCompiler {
  constructor(
    private readonly variations: readonly JsonValue[],
    private readonly salt: string,
  ) {}

  isIndex(i: unknown): i is number {
    return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < this.variations.length
  }

  /** The result serving variation `i` with `reason`, or MALFORMED_FLAG if `i` is no index. */
  served(i: unknown, reason: Reason): Result {
    return this.isIndex(i) ? servedResult(this.variations[i]!, i, reason) : MALFORMED_FLAG
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
      ...(rollout.kind === 'experiment' ? { inExperiment: true } : {}),
    })
    const thresholds: number[] = []
    const results: Result[] = []
    let total = 0
    for (const entry of entries) {
      const weight = isObject(entry) ? entry.weight : undefined
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
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
      prefix: saltPrefix(this.salt),
      thresholds,
      results,
    }
  }
}

/** Compiles one flag; never throws: what cannot be read becomes a malformed flag. */
export function compileFlag(key: string, raw: unknown): CompiledFlag {
  try {
    return compileFlagOrThrow(key, raw)
  } catch {
    return {
      key,
      malformed: true,
      enabled: false,
      off: MALFORMED_FLAG,
      prerequisites: [],
      targets: null,
      rules: [],
      fallthrough: fixedServe(MALFORMED_FLAG),
    }
  }
}

function compileFlagOrThrow(key: string, raw: unknown): CompiledFlag {
  if (!isObject(raw)) throw new MalformedFlagError() // flag is not an object
  const variations = raw.variations
  if (!Array.isArray(variations) || variations.length === 0) {
    throw new MalformedFlagError() // variations is not a non-empty array
  }
  const salt = raw.salt ?? key
  if (typeof salt !== 'string') throw new MalformedFlagError() // salt is not a string
  const c = new FlagCompiler(variations as JsonValue[], salt)

  const prerequisites = mapList(arrayOrEmpty(raw.prerequisites), (p) => {
    if (!isObject(p) || typeof p.key !== 'string') throw new MalformedFlagError() // bad prerequisite
    const failed = reasonOf({ kind: 'PREREQUISITE_FAILED', prerequisiteKey: p.key })
    return {
      key: p.key,
      variation: typeof p.variation === 'number' ? p.variation : NaN,
      failed: c.offResult(raw.offVariation, failed),
    }
  })

  const targetList = arrayOrEmpty(raw.targets)
  let targets: Map<unknown, Result> | null = null
  for (const t of targetList) {
    if (!isObject(t)) throw new MalformedFlagError() // target is not an object
    const result = c.served(t.variation, REASON_TARGET_MATCH)
    for (const value of arrayOrEmpty(t.values)) {
      targets ??= new Map()
      // The first target that names a key wins, as if the targets were checked in order.
      if (!targets.has(value)) targets.set(value, result)
    }
  }

  const rules = mapList(arrayOrEmpty(raw.rules), (rule, ruleIndex): CompiledRule => {
    if (!isObject(rule)) throw new MalformedFlagError() // rule is not an object
    const why = reasonOf({
      kind: 'RULE_MATCH',
      ruleIndex,
      ...(typeof rule.id === 'string' ? { ruleId: rule.id } : {}),
    })
    return {
      clauses: arrayOrEmpty(rule.clauses).map(compileClause),
      serve: c.serve(rule.serve, why),
    }
  })

  return {
    key,
    malformed: false,
    enabled: raw.enabled === true,
    off: c.offResult(raw.offVariation, REASON_OFF),
    prerequisites,
    targets,
    rules,
    fallthrough: c.serve(raw.fallthrough, REASON_FALLTHROUGH),
  }
}
