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
  /** `in` values of a long list, hashed; a short one (smaller, as fast) is in `list`. */
  readonly inSet: ReadonlySet<unknown> | null = null
  /**
   * The values the operator takes, read once: `in` scalars of a short list, strings, numbers,
   * instants, parsed versions or segment keys. One field for all: the browser bundle is
   * smaller by each field a clause does not carry.
   */
  readonly list: readonly unknown[] = []
  /** `matches` values as one program, matching when any of them does; null for none. */
  readonly program: Program | null = null

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
        else this.list = scalars
        break
      }
      case Op.StartsWith:
      case Op.EndsWith:
      case Op.Contains:
      case Op.SegmentMatch:
        this.list = stringsOf(values)
        break
      case Op.Matches:
        this.program = compileMatches(values)
        break
      case Op.Lt:
      case Op.Lte:
      case Op.Gt:
      case Op.Gte:
        this.list = values.filter((v): v is number => typeof v === 'number')
        break
      case Op.Before:
      case Op.After:
        this.list = values.map(toInstant).filter((v) => !Number.isNaN(v))
        break
      case Op.SemVerEq:
      case Op.SemVerLt:
      case Op.SemVerGt:
        this.list = values.flatMap((v) => parseSemVer(v) ?? [])
        break
      case Op.Unknown:
        break
    }
  }
}

const stringsOf = (values: readonly unknown[]) =>
  values.filter((v): v is string => typeof v === 'string')

/** The segments a clause names: a `segmentMatch` clause's keys, none for another. */
export function segmentKeysOf(clause: CompiledClause): readonly string[] {
  return clause.op === Op.SegmentMatch ? (clause.list as readonly string[]) : []
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/**
 * Never JavaScript's RegExp, which backtracks: `^(a+)+$` would take years on 41 `a`s and a
 * `!`. A pattern outside the linear-time syntax, or too large, makes the flag malformed.
 */
function compileMatches(values: readonly unknown[]): Program | null {
  const sources = stringsOf(values)
  if (sources.length === 0) return null
  const program = union(sources.map(compile))
  if (typeof program === 'number') throw new MalformedFlagError() // refused pattern
  return program
}

/** Compiles a clause of the wire model; a structure it cannot read makes the flag malformed. */
export function compileClause(raw: unknown): CompiledClause {
  // Destructuring null or undefined throws; another non-object has no array of values.
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
    const inAny = (clause.list as readonly string[]).some((key) => segments(key, context))
    return inAny !== clause.negate
  }
  const value = readAttribute(context, clause.attribute, clause.ownOnly)
  if (value === undefined || value === null) return false
  const matched = Array.isArray(value)
    ? value.some((element) => matchValue(clause, element))
    : matchValue(clause, value)
  return matched !== clause.negate
}

function matchValue(clause: CompiledClause, value: unknown): boolean {
  // Typed as the constructor filled `list` for each operator.
  const strings = clause.list as readonly string[]
  const numbers = clause.list as readonly number[]
  switch (clause.op) {
    case Op.In:
      return (
        (clause.inSet !== null ? clause.inSet.has(value) : clause.list.includes(value)) &&
        isScalar(value)
      )
    case Op.StartsWith:
      return typeof value === 'string' && strings.some((s) => value.startsWith(s))
    case Op.EndsWith:
      return typeof value === 'string' && strings.some((s) => value.endsWith(s))
    case Op.Contains:
      return typeof value === 'string' && strings.some((s) => value.includes(s))
    case Op.Matches:
      return (
        typeof value === 'string' &&
        clause.program !== null &&
        run(clause.program, value.slice(0, MATCH_INPUT_LIMIT))
      )
    case Op.Lt:
      return typeof value === 'number' && numbers.some((x) => value < x)
    case Op.Lte:
      return typeof value === 'number' && numbers.some((x) => value <= x)
    case Op.Gt:
      return typeof value === 'number' && numbers.some((x) => value > x)
    case Op.Gte:
      return typeof value === 'number' && numbers.some((x) => value >= x)
    case Op.Before:
    case Op.After: {
      const instant = toInstant(value)
      if (Number.isNaN(instant)) return false
      return clause.op === Op.Before
        ? numbers.some((x) => instant < x)
        : numbers.some((x) => instant > x)
    }
    case Op.SemVerEq:
    case Op.SemVerLt:
    case Op.SemVerGt: {
      const version = parseSemVer(value)
      if (!version) return false
      const want = clause.op === Op.SemVerEq ? 0 : clause.op === Op.SemVerLt ? -1 : 1
      return (clause.list as readonly SemVer[]).some(
        (x) => Math.sign(compareSemVer(version, x)) === want,
      )
    }
    default:
      return false
  }
}
