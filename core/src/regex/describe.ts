/**
 * Words for the patterns that `compile` refuses, for the server's 422 (and so the admin UI).
 * Kept apart from the compiler, which only says where, so that browsers, which evaluate and
 * never explain, do not download these messages.
 */
import {
  INVALID,
  MAX_PROGRAM_SIZE,
  MAX_REGEX_LENGTH,
  TOO_LARGE,
  compile,
  union,
  type Program,
} from './compile.js'

const NOT_SUPPORTED = 'not supported by matches (linear-time syntax, see spec)'

/** What is outside the subset at the start of `rest`. */
function construct(rest: string): string {
  const next = rest[1] ?? ''
  if (rest[0] === '\\') {
    if (/[1-9]/.test(next)) return `backreferences (\\${next}) are ${NOT_SUPPORTED}`
    if (next === 'k') return `named backreferences (\\k) are ${NOT_SUPPORTED}`
    if (next === 'p' || next === 'P') return `Unicode property escapes are ${NOT_SUPPORTED}`
    if (next === 'c') return `control escapes (\\c) are ${NOT_SUPPORTED}`
    if (next === '0') return `octal escapes are ${NOT_SUPPORTED}`
    if (next === 'x' || next === 'u') {
      return `\\${next} takes exactly ${next === 'x' ? 2 : 4} hex digits in matches`
    }
    return `the escape \\${next} is ${NOT_SUPPORTED}`
  }
  if (/^\(\?[=!]/.test(rest)) return `lookahead is ${NOT_SUPPORTED}`
  if (/^\(\?<[=!]/.test(rest)) return `lookbehind is ${NOT_SUPPORTED}`
  if (rest.startsWith('(?')) return `the group (?${rest[2] ?? ''} is ${NOT_SUPPORTED}`
  if (rest[0] === '[') {
    return `this class holds an escape that is ${NOT_SUPPORTED} (\\b in a class, \\c, \\p, a letter)`
  }
  return `a lone ${rest[0]} is ${NOT_SUPPORTED} (write \\${rest[0]} for the character)`
}

/** The message for programs larger than MAX_PROGRAM_SIZE: `what` compile(s) to more. */
function tooLarge(what: string): string {
  return (
    `${what} to more than ${MAX_PROGRAM_SIZE} steps per character matched ` +
    '(each counted repetition {n,m} is written out up to m times)'
  )
}

/**
 * Why `compile` refused `source`, given what it returned.
 * @example describeRefusal('(a)\\1', 3) // 'backreferences (\\1) are not supported … at character 4'
 */
export function describeRefusal(source: string, refusal: number): string {
  if (source.length > MAX_REGEX_LENGTH) {
    return `regular expression longer than ${MAX_REGEX_LENGTH} characters`
  }
  if (refusal === TOO_LARGE) return tooLarge('the pattern compiles')
  if (refusal === INVALID) {
    try {
      new RegExp(source)
    } catch (e) {
      return (e as Error).message // "Invalid regular expression: /(/: Unterminated group"
    }
  }
  return `${construct(source.slice(refusal))}, at character ${refusal + 1}`
}

export interface PatternIssue {
  path: (string | number)[]
  message: string
}

/**
 * The issues of the values of a `matches` clause, found with the evaluator's own compiler:
 * each refused pattern at its index, then the values together if their program is too large.
 * @example matchesIssues(['ok', '(a)\\1']) // [{ path: ['values', 1], message: 'backreferences …' }]
 */
export function matchesIssues(values: readonly unknown[]): PatternIssue[] {
  const issues: PatternIssue[] = []
  const programs: Program[] = []
  values.forEach((value, i) => {
    if (typeof value !== 'string') return
    const program = compile(value)
    if (typeof program === 'number') {
      issues.push({ path: ['values', i], message: describeRefusal(value, program) })
    } else programs.push(program)
  })
  if (programs.length > 1 && union(programs) === TOO_LARGE) {
    issues.push({
      path: ['values'],
      message: tooLarge('the values of this clause compile together'),
    })
  }
  return issues
}
