/**
 * Clauses compiled once into a fixed shape (sets, regular expressions, parsed versions and
 * instants), then matched against contexts with no parsing on the hot path.
 */
import { toInstant } from './instant.js'
import { createInternTable } from './intern.js'
import { compile, run, union, type Program } from './regex/index.js'
import { MalformedFlagError } from './results.js'
import { compareSemVer, parseSemVer, type SemVer } from './semver.js'

/**
 * Operators as numbers, so matching is a switch rather than string comparisons; a const
 * enum, so the numbers are written in place and no table of names ships to browsers.
 */
const enum Op {
  In,
  StartsWith,
  EndsWith,
  Contains,
  Matches,
  Lt,
  Lte,
  Gt,
  Gte,
  Before,
  After,
  SemVerEq,
  SemVerLt,
  SemVerGt,
  SegmentMatch,
  Unknown,
}

/** The spec's operator names, in the order of `Op`: an operator's code is its index. */
export const CLAUSE_OPS = [
  'in',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'lt',
  'lte',
  'gt',
  'gte',
  'before',
  'after',
  'semverEq',
  'semverLt',
  'semverGt',
  'segmentMatch',
] as const

/** Up to this many `in` values are scanned in an array rather than hashed in a set. */
const SHORT_LIST = 8

const sharedClauses = createInternTable<CompiledClause>()

/** A `matches` expression is applied to at most this many characters of a value. */
export const MATCH_INPUT_LIMIT = 1024

/** Looks up whether a context is in a segment; segments themselves pass none (no nesting). */
export type SegmentLookup = (segmentKey: string, context: object) => boolean

export class CompiledClause {
  /** Attribute names that `Object.prototype` also has must be read as own properties only. */
  readonly ownOnly: boolean
  /** `in` values: a set for long lists, an array (smaller, as fast) for short ones. */
  readonly inSet: ReadonlySet<unknown> | null = null
  readonly inList: readonly unknown[] = []
  readonly strings: readonly string[] = []
  /** `matches` values as one program, matching when any of them does; null for none. */
  readonly program: Program | null = null
  readonly numbers: readonly number[] = []
  readonly versions: readonly SemVer[] = []
  readonly segmentKeys: readonly string[] = []

  constructor(
    readonly attribute: string,
    readonly op: Op,
    readonly negate: boolean,
    values: readonly unknown[],
  ) {
    this.ownOnly = attribute in Object.prototype
    switch (op) {
      case Op.In: {
        const scalars = values.filter(isScalar)
        if (scalars.length > SHORT_LIST) this.inSet = new Set(scalars)
        else this.inList = scalars
        break
      }
      case Op.StartsWith:
      case Op.EndsWith:
      case Op.Contains:
        this.strings = values.filter((v): v is string => typeof v === 'string')
        break
      case Op.Matches:
        this.program = compileMatches(values)
        break
      case Op.Lt:
      case Op.Lte:
      case Op.Gt:
      case Op.Gte:
        this.numbers = values.filter((v): v is number => typeof v === 'number')
        break
      case Op.Before:
      case Op.After:
        this.numbers = values.map(toInstant).filter((v) => !Number.isNaN(v))
        break
      case Op.SemVerEq:
      case Op.SemVerLt:
      case Op.SemVerGt:
        this.versions = values.flatMap((v) => parseSemVer(v) ?? [])
        break
      case Op.SegmentMatch:
        this.segmentKeys = values.filter((v): v is string => typeof v === 'string')
        break
      case Op.Unknown:
        break
    }
  }
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/**
 * Never JavaScript's RegExp, which backtracks: `^(a+)+$` would take years on 41 `a`s and a
 * `!`. A pattern outside the linear-time syntax, or too large, makes the flag malformed.
 */
function compileMatches(values: readonly unknown[]): Program | null {
  const sources = values.filter((v): v is string => typeof v === 'string')
  if (sources.length === 0) return null
  const program = union(sources.map(compile))
  if (typeof program === 'number') throw new MalformedFlagError() // refused pattern
  return program
}

/** Compiles a clause of the wire model; a structure it cannot read makes the flag malformed. */
export function compileClause(raw: unknown): CompiledClause {
  if (typeof raw !== 'object' || raw === null) throw new MalformedFlagError() // clause is not an object
  const { attribute, op, values, negate } = raw as Record<string, unknown>
  if (!Array.isArray(values)) throw new MalformedFlagError() // clause values is not an array
  const index = (CLAUSE_OPS as readonly unknown[]).indexOf(op)
  const code: Op = index < 0 ? Op.Unknown : index
  if (code !== Op.SegmentMatch && typeof attribute !== 'string') {
    throw new MalformedFlagError() // clause attribute is not a string
  }
  const name = typeof attribute === 'string' ? attribute : ''
  // Compiled clauses are immutable, so equal clauses of different flags share one.
  const key = JSON.stringify([name, code, negate === true, values])
  return sharedClauses(key, () => new CompiledClause(name, code, negate === true, values))
}

/** The attribute's value, reading names like `constructor` or `__proto__` as own data only. */
export function readAttribute(context: object, attribute: string, ownOnly: boolean): unknown {
  if (ownOnly) return Object.getOwnPropertyDescriptor(context, attribute)?.value
  return (context as Record<string, unknown>)[attribute]
}

/**
 * Whether the clause matches the context. `segments` is null inside a segment's own rules,
 * where `segmentMatch` never matches.
 */
export function matchClause(
  clause: CompiledClause,
  context: object,
  segments: SegmentLookup | null,
): boolean {
  const op = clause.op
  if (op === Op.Unknown) return false
  if (op === Op.SegmentMatch) {
    if (segments === null) return false
    let inAny = false
    for (const key of clause.segmentKeys) {
      if (segments(key, context)) {
        inAny = true
        break
      }
    }
    return inAny !== clause.negate
  }
  const value = readAttribute(context, clause.attribute, clause.ownOnly)
  if (value === undefined || value === null) return false
  let matched = false
  if (Array.isArray(value)) {
    for (const element of value) {
      if (matchValue(clause, element)) {
        matched = true
        break
      }
    }
  } else {
    matched = matchValue(clause, value)
  }
  return matched !== clause.negate
}

function matchValue(clause: CompiledClause, value: unknown): boolean {
  switch (clause.op) {
    case Op.In:
      return (
        (clause.inSet !== null ? clause.inSet.has(value) : clause.inList.includes(value)) &&
        isScalar(value)
      )
    case Op.StartsWith:
      return typeof value === 'string' && clause.strings.some((s) => value.startsWith(s))
    case Op.EndsWith:
      return typeof value === 'string' && clause.strings.some((s) => value.endsWith(s))
    case Op.Contains:
      return typeof value === 'string' && clause.strings.some((s) => value.includes(s))
    case Op.Matches:
      return (
        typeof value === 'string' &&
        clause.program !== null &&
        run(clause.program, value.slice(0, MATCH_INPUT_LIMIT))
      )
    case Op.Lt:
      return typeof value === 'number' && clause.numbers.some((x) => value < x)
    case Op.Lte:
      return typeof value === 'number' && clause.numbers.some((x) => value <= x)
    case Op.Gt:
      return typeof value === 'number' && clause.numbers.some((x) => value > x)
    case Op.Gte:
      return typeof value === 'number' && clause.numbers.some((x) => value >= x)
    case Op.Before:
    case Op.After: {
      const instant = toInstant(value)
      if (Number.isNaN(instant)) return false
      return clause.op === Op.Before
        ? clause.numbers.some((x) => instant < x)
        : clause.numbers.some((x) => instant > x)
    }
    case Op.SemVerEq:
    case Op.SemVerLt:
    case Op.SemVerGt: {
      const version = parseSemVer(value)
      if (!version) return false
      const want = clause.op === Op.SemVerEq ? 0 : clause.op === Op.SemVerLt ? -1 : 1
      return clause.versions.some((x) => Math.sign(compareSemVer(version, x)) === want)
    }
    default:
      return false
  }
}
