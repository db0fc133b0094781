/**
 * The linear-time engine against JavaScript's RegExp, which defines what `matches` means:
 * patterns built from the accepted syntax, and raw pattern text of syntax characters, each
 * against strings made of the characters the patterns name and a few that sit on the edges
 * of the sets (line terminators, `_`, non-ASCII spaces and letters, a lone surrogate).
 * Strings stay short (8) and groups shallow (2), so that RegExp, which backtracks, finishes;
 * the seed is fixed so that a run is repeatable (seeds 1 to 12 passed as well).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { INVALID, TOO_LARGE, compile, run } from './index.js'

const EDGES = ['a', 'b', 'A', '0', '9', '_', ' ', '\n', '\r', '\u2028', '\u00a0', 'é', '\ud83d']

const literal = fc.constantFrom('a', 'b', 'A', '0', '_', ' ', 'é', '-', ',')
const escape = fc.constantFrom(
  ...['\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\n', '\\r', '\\t', '\\.', '\\-', '\\x61'],
  ...['\\u00e9', '\\u2028', '\\*', '\\(', '\\\\'],
)
const classItem = fc.oneof(
  literal,
  escape,
  fc.constantFrom('a-c', '0-9', 'A-Z', '\\x00-\\x20', '^', '[', '.', '$', '|', '(', '*'),
)
const charClass = fc
  .tuple(fc.boolean(), fc.array(classItem, { maxLength: 4 }))
  .map(([negated, items]) => `[${negated ? '^' : ''}${items.join('')}]`)
const assertion = fc.constantFrom('^', '$', '\\b', '\\B')
const quantifier = fc.constantFrom(
  ...['*', '+', '?', '{0}', '{1}', '{2}', '{0,}', '{1,}', '{0,1}', '{1,3}', '{2,2}'],
  ...['*?', '+?', '??', '{1,2}?'],
)

/** Patterns of the accepted syntax, nested `depth` groups deep at most. */
const pattern = fc.letrec<{ alternation: string; term: string }>((tie) => ({
  alternation: fc
    .array(
      fc.array(tie('term'), { maxLength: 4 }).map((terms) => terms.join('')),
      {
        minLength: 1,
        maxLength: 3,
      },
    )
    .map((alternatives) => alternatives.join('|')),
  term: fc
    .oneof(
      { depthSize: 'xsmall', maxDepth: 2, withCrossShrink: true },
      fc.tuple(fc.oneof(literal, escape, charClass, fc.constant('.')), fc.option(quantifier)),
      fc.tuple(assertion, fc.constant(null)),
      fc.tuple(
        fc
          .tuple(fc.constantFrom('(', '(?:', '(?<g>'), tie('alternation'))
          .map(([open, body]) => `${open}${body})`),
        fc.option(quantifier),
      ),
    )
    .map(([atom, q]) => atom + (q ?? '')),
})).alternation

/** Strings of the characters that `source` names, and of the edge characters. */
function inputsFor(source: string) {
  const chars = [...new Set([...EDGES, ...source.replace(/[\\[\](){}|*+?^$]/g, '')])]
  return fc.array(fc.constantFrom(...chars), { maxLength: 8 }).map((c) => c.join(''))
}

/** Named groups used twice are no regular expression: keep one name per pattern. */
const oneName = (source: string) => {
  let seen = false
  return source.replaceAll('(?<g>', () => (seen ? '(' : ((seen = true), '(?<g>')))
}

function isRegExp(source: string): boolean {
  try {
    return new RegExp(source) instanceof RegExp
  } catch {
    return false
  }
}

describe('the engine and RegExp', () => {
  it('agree on patterns of the accepted syntax', () => {
    fc.assert(
      fc.property(
        pattern.map(oneName).chain((source) => fc.tuple(fc.constant(source), inputsFor(source))),
        ([source, input]) => {
          const program = compile(source)
          // Items of a class can meet as a range out of order (`[\\--$]`): no regular expression.
          if (!isRegExp(source)) return program === INVALID
          fc.pre(program !== TOO_LARGE) // a few, nested counts of nested counts
          if (typeof program === 'number') return false // every other such pattern is accepted
          return run(program, input) === new RegExp(source).test(input)
        },
      ),
      { numRuns: 3000, seed: 2026 },
    )
  })

  it('agree on any text of syntax characters: refused, or reading every input alike', () => {
    const text = fc
      .array(
        fc.constantFrom(
          ...['a', 'b', '.', '^', '$', '|', '(', ')', '(?:', '(?=', '[', ']', '[^', '-', '*'],
          ...['+', '?', '{', '}', '{2}', '{1,', ',', '\\', 'd', 'w', 's', 'b', 'x', 'u', '0', '1'],
        ),
        { maxLength: 10 },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(
        text.chain((source) => fc.tuple(fc.constant(source), inputsFor(source))),
        ([source, input]) => {
          const program = compile(source)
          if (!isRegExp(source)) return program === INVALID
          if (typeof program === 'number') return program !== INVALID // the subset is smaller
          return run(program, input) === new RegExp(source).test(input)
        },
      ),
      { numRuns: 5000, seed: 2026 },
    )
  })

  it('accepts most of the raw texts that RegExp reads, so the property above says something', () => {
    const samples = ['a|b*', '(a)+[^b]', '^\\d{2}$', '\\bx\\B', '[a-]', '(?:)', 'a{1,}?']
    expect(samples.every((s) => Array.isArray(compile(s)))).toBe(true)
    expect(compile('a{1,')).toBe(1)
  })
})
