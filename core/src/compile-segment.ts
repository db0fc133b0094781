/** A segment compiled for membership tests: key sets and compiled rules. */
import { compileClause, type CompiledClause } from './clause.js'

export interface CompiledSegment {
  readonly included: ReadonlySet<unknown>
  readonly excluded: ReadonlySet<unknown>
  readonly rules: ReadonlyArray<readonly CompiledClause[]>
}

/** A segment that the payload lacks, or that cannot be read, has no members. */
export const EMPTY_SEGMENT: CompiledSegment = {
  included: new Set(),
  excluded: new Set(),
  rules: [],
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

export function compileSegment(raw: unknown): CompiledSegment {
  // Reading a field of null throws, and a field of another non-object is undefined: either
  // way the segment has no members.
  const s = raw as Record<string, unknown>
  try {
    return {
      included: new Set(list(s.included)),
      excluded: new Set(list(s.excluded)),
      rules: list(s.rules).map((rule) => {
        const clauses = (rule as Record<string, unknown> | null)?.clauses
        if (!Array.isArray(clauses)) throw 0 // a rule without clauses: caught below
        return clauses.map(compileClause)
      }),
    }
  } catch {
    return EMPTY_SEGMENT
  }
}
