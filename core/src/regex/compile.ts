/**
 * Compiles a `matches` pattern into a program for `run.ts`. JavaScript's own parser first
 * decides whether the pattern is a regular expression at all; then a parser of the subset
 * that the spec lists builds the program, each rule of the grammar returning its part.
 * Jumps are relative, so a part is copied as is when `{2,5}` writes it out several times.
 *
 * What reads one character (a literal, an escape, `.`, a class) or none (`^`, `$`, `\b`,
 * `\B`) becomes a sticky RegExp of that piece alone: tested at one position, it looks only
 * at the characters around it, so it costs constant time, and it means exactly what it
 * means inside `new RegExp(pattern)`. Repetition, alternation and groups, where a
 * backtracking engine takes exponential time, are this engine's own.
 */

/** The longest pattern a `matches` clause may hold. */
export const MAX_REGEX_LENGTH = 512

/**
 * The most instructions that the patterns of one clause compile to. Matching costs at most
 * this many steps per character of input, which bounds a clause whatever its patterns.
 */
export const MAX_PROGRAM_SIZE = 2000

/**
 * An instruction: a piece that reads one character or none (then the next instruction), or
 * a fork to two places relative to this one (a jump when both are the same).
 */
export type Inst = RegExp | readonly [number, number]

/** A program matches when a thread of it runs past its last instruction. */
export type Program = readonly Inst[]

/** What `compile` returns for a pattern longer than MAX_REGEX_LENGTH or too large a program. */
export const TOO_LARGE = -1
/** What `compile` returns for a pattern that `new RegExp` refuses. */
export const INVALID = -2

/** `p`, unless it is too large: then the parse ends at once (see `compile`). */
function sized(p: Inst[]): Inst[] {
  if (p.length > MAX_PROGRAM_SIZE) throw TOO_LARGE
  return p
}

/** A program that matches when either does. */
function either(a: Program, b: Program): Inst[] {
  return sized([[1, a.length + 2], ...a, [b.length + 1, b.length + 1], ...b])
}

/**
 * The program of several patterns that matches when any does (the values of one clause), or
 * the first refusal among them (a number, as `compile` returns).
 */
export function union(programs: readonly (Program | number)[]): Program | number {
  try {
    return programs.reduce((a, b) =>
      typeof a === 'number' ? a : typeof b === 'number' ? b : either(a, b),
    )
  } catch {
    return TOO_LARGE
  }
}

/**
 * A piece that reads one character or none, or the opening of a group: a class, an escape
 * (a non-word character, `\d \D \w \W \s \S \t \n \v \f \r`, `\xHH`, `\uHHHH`, `\0` not
 * before a digit; out of classes also `\b \B`), any character but the syntax ones, `(`,
 * `(?:` or `(?<name>`. Where none matches, the pattern leaves the subset.
 */
const ATOM =
  /\[(?:[^\\\]]|\\(?:\W|[dDwWsStnvfr]|x[\dA-Fa-f]{2}|u[\dA-Fa-f]{4}|0(?!\d)))*\]|\\(?:\W|[dDwWsStnvfrbB]|x[\dA-Fa-f]{2}|u[\dA-Fa-f]{4}|0(?!\d))|[^\\[\](){}|*+?]|\((?:\?:|\?<(?![=!])[^>]*>|(?!\?))/y

/** `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`, lazy or not: the same for a yes/no match. */
const QUANTIFIER = /(?:([*+?])|\{(\d+)(,(\d*))?\})\??/y

/**
 * `part` repeated: `min` copies, then a loop back over the last one (`+`), or over one that
 * may be skipped (`*`), or `max - min` copies that may each be skipped, straight to the end.
 * However large the counts, the parse stops as soon as the program is too large; an empty
 * part repeated stays empty.
 */
function repeat(part: Program, min: number, max: number): Inst[] {
  const n = part.length
  const p: Inst[] = []
  if (n === 0) return p
  for (let k = 0; k < min; k++) sized(p).push(...part)
  if (max === Infinity) return min ? [...p, [-n, 1]] : [[1, n + 2], ...part, [-n, 1]]
  for (let k = min; k < max; k++) sized(p).push([1, (max - k) * (n + 1)], ...part)
  return p
}

/**
 * The program of `source`, or why not: INVALID, TOO_LARGE, or the index of the first
 * character outside the subset. `describe.ts` turns that into words; the evaluator only
 * needs to know that the pattern is refused, so no message is written here.
 */
export function compile(source: string): Program | number {
  let i = 0

  /** Matches `re` (sticky) at `i` and moves past it. */
  function take(re: RegExp): RegExpExecArray | null {
    re.lastIndex = i
    const m = re.exec(source)
    if (m) i = re.lastIndex
    return m
  }

  function sequence(): Inst[] {
    const p: Inst[] = []
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const atom = take(ATOM)?.[0]
      if (!atom) throw i
      let part: Program
      if (atom[0] === '(') {
        part = alternatives()
        i++ // its `)`: RegExp found every group closed
      } else part = [new RegExp(atom, 'y')]
      const q = take(QUANTIFIER)
      if (q) {
        const [, kind, lo, comma, hi] = q
        const min = lo ? +lo : +(kind === '+')
        part = repeat(
          part,
          min,
          kind ? (kind === '?' ? 1 : Infinity) : comma ? +(hi || Infinity) : min,
        )
      }
      sized(p).push(...part)
    }
    return sized(p)
  }

  function alternatives(): Program {
    let p: Program = sequence()
    while (source[i] === '|') {
      i++
      p = either(p, sequence())
    }
    return p
  }

  if (source.length > MAX_REGEX_LENGTH) return TOO_LARGE
  try {
    // Unclosed groups, `a{2,1}`, `^*`, duplicate group names: what is no regular expression.
    new RegExp(source)
  } catch {
    return INVALID
  }
  try {
    return alternatives()
  } catch (at) {
    return at as number
  }
}
