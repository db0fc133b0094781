/**
 * Semantic Versioning 2.0.0 precedence for the `semver*` clause operators.
 * `1` and `1.2` read as `1.0.0` and `1.2.0`; build metadata is ignored; invalid is `undefined`.
 */

export interface SemVer {
  readonly major: number
  readonly minor: number
  readonly patch: number
  /** Pre-release identifiers: numbers for numeric ones, strings otherwise. */
  readonly pre: ReadonlyArray<number | string>
}

// At most 15 digits: every such number is a safe integer.
const NUMBER = '0|[1-9]\\d{0,14}'
const IDENT = '0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*'
const SEMVER = new RegExp(
  `^(${NUMBER})(?:\\.(${NUMBER}))?(?:\\.(${NUMBER}))?` +
    `(?:-((?:${IDENT})(?:\\.(?:${IDENT}))*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
)

/** Parses a version; `undefined` when it is not valid Semantic Versioning (after padding). */
export function parseSemVer(input: unknown): SemVer | undefined {
  if (typeof input !== 'string' || input.length > 256) return undefined
  const m = SEMVER.exec(input)
  if (!m) return undefined
  const major = Number(m[1])
  const minor = Number(m[2] ?? 0)
  const patch = Number(m[3] ?? 0)
  const pre = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : []
  return { major, minor, patch, pre }
}

function compareIdentifiers(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Negative, zero or positive as `a` has lower, equal or higher precedence than `b`. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch
  if (core !== 0) return core
  // A version without pre-release identifiers ranks above one with them.
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length
  const n = Math.min(a.pre.length, b.pre.length)
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(a.pre[i]!, b.pre[i]!)
    if (c !== 0) return c
  }
  return a.pre.length - b.pre.length
}
