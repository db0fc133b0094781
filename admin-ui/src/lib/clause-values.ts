/**
 * The clause operators of the spec with what their values are, and the parsing of the values a
 * person types (one per line) into the typed list the clause stores.
 */
import { matchesIssues, type ClauseOp } from '@andon/core'

export type ValueKind = 'scalar' | 'string' | 'number' | 'instant' | 'semver' | 'regex' | 'segment'

export interface OperatorInfo {
  op: ClauseOp
  label: string
  kind: ValueKind
}

export const OPERATORS: OperatorInfo[] = [
  { op: 'in', label: 'is one of', kind: 'scalar' },
  { op: 'startsWith', label: 'starts with', kind: 'string' },
  { op: 'endsWith', label: 'ends with', kind: 'string' },
  { op: 'contains', label: 'contains', kind: 'string' },
  { op: 'matches', label: 'matches regex', kind: 'regex' },
  { op: 'lt', label: '<', kind: 'number' },
  { op: 'lte', label: '≤', kind: 'number' },
  { op: 'gt', label: '>', kind: 'number' },
  { op: 'gte', label: '≥', kind: 'number' },
  { op: 'before', label: 'is before', kind: 'instant' },
  { op: 'after', label: 'is after', kind: 'instant' },
  { op: 'semverEq', label: 'semver =', kind: 'semver' },
  { op: 'semverLt', label: 'semver <', kind: 'semver' },
  { op: 'semverGt', label: 'semver >', kind: 'semver' },
  { op: 'segmentMatch', label: 'is in segment', kind: 'segment' },
]

export function operatorInfo(op: ClauseOp): OperatorInfo {
  return OPERATORS.find((o) => o.op === op) ?? OPERATORS[0]!
}

/** How the values of an `in` clause are typed. */
export type ScalarType = 'string' | 'number' | 'boolean'

export type ClauseValue = string | number | boolean

export type ParsedValues = { values: ClauseValue[] } | { errors: string[] }

/** The lines of a values box, trimmed, without blanks. */
export function valueLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

const SEMVER =
  /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/

/** Parses the typed lines of a clause's values box for `op`. */
export function parseClauseValues(
  op: ClauseOp,
  text: string,
  scalarType: ScalarType = 'string',
): ParsedValues {
  const kind = operatorInfo(op).kind
  const lines = valueLines(text)
  const values: ClauseValue[] = []
  const errors: string[] = []
  for (const line of lines) {
    const number = Number(line)
    const isNumber = line !== '' && Number.isFinite(number)
    if (kind === 'number' || (kind === 'scalar' && scalarType === 'number')) {
      if (isNumber) values.push(number)
      else errors.push(`"${line}" is not a number`)
    } else if (kind === 'scalar' && scalarType === 'boolean') {
      if (line === 'true' || line === 'false') values.push(line === 'true')
      else errors.push(`"${line}" is not true or false`)
    } else if (kind === 'instant') {
      if (/^-?\d+$/.test(line)) values.push(number)
      else if (!Number.isNaN(Date.parse(line))) values.push(line)
      else errors.push(`"${line}" is not an ISO-8601 date-time or epoch milliseconds`)
    } else if (kind === 'semver') {
      if (SEMVER.test(line)) values.push(line)
      else errors.push(`"${line}" is not a semantic version`)
    } else values.push(line)
  }
  if (kind === 'regex') errors.push(...patternErrors(lines))
  return errors.length > 0 ? { errors } : { values }
}

/**
 * The server's own check of `matches` patterns (core's linear-time syntax), so the editor refuses
 * exactly what a save would, in the server's words; a pattern's message names the pattern.
 */
function patternErrors(patterns: readonly string[]): string[] {
  return matchesIssues(patterns).map(({ path, message }) => {
    const index = path[1]
    return typeof index === 'number' ? `"${patterns[index]}": ${message}` : message
  })
}

/** The values box text of stored values, and the scalar type an `in` clause's values have. */
export function formatClauseValues(values: readonly ClauseValue[]): {
  text: string
  scalarType: ScalarType
} {
  const first = values[0]
  const scalarType: ScalarType =
    typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string'
  return { text: values.map(String).join('\n'), scalarType }
}
