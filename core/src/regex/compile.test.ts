import { describe, expect, it } from 'vitest'
import {
  INVALID,
  MAX_PROGRAM_SIZE,
  TOO_LARGE,
  compile,
  describeRefusal,
  matchesIssues,
  union,
  type Program,
} from './index.js'

const program = (source: string): Program => {
  const p = compile(source)
  if (typeof p === 'number') throw new Error(`${source} was refused (${p})`)
  return p
}

describe('the matches syntax', () => {
  it.each([
    'abc',
    '^iPhone1[2-5]',
    'Pixel [0-9]+ Pro$',
    '.',
    '\\d\\D\\w\\W\\s\\S\\bx\\B',
    '\\t\\n\\r\\f\\v\\0',
    '\\x41\\u00e9',
    '\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/\\-\\\\\\^\\$\\!',
    '[abc][^abc][a-z0-9_][\\d\\s-][][^]',
    '[\\]\\\\\\x41-\\x5a\\u0100-\\uffff]',
    '(a)(?:b)(?<name>c)',
    'a|b|',
    'a*b+c?d{2}e{2,}f{2,5}g{0}',
    'a*?b+?c??d{2}?e{2,}?f{2,5}?',
    '^(a+)+$',
    '(a|a)*b',
    '(a*)*b',
    '(.*a){20}',
    '',
    '()',
  ])('accepts %j', (source) => {
    expect(() => new RegExp(source)).not.toThrow()
    expect(Array.isArray(compile(source))).toBe(true)
  })

  it.each([
    ['(a)\\1', 3],
    ['\\k<a>(?<a>x)', 0],
    ['(?=a)', 0],
    ['(?!a)', 0],
    ['(?<=a)b', 0],
    ['(?<!a)b', 0],
    ['\\p{L}', 0],
    ['\\cA', 0],
    ['\\01', 0],
    ['\\8', 0],
    ['\\x4', 0],
    ['\\u{41}', 0],
    ['\\a', 0],
    ['ab]', 2],
    ['a{', 1],
    ['a{,5}', 1],
    ['a}', 1],
    ['[\\b]', 0],
    ['x[\\c]', 1],
  ])('refuses %j, which JavaScript reads, at index %i', (source, at) => {
    expect(() => new RegExp(source)).not.toThrow()
    expect(compile(source)).toBe(at)
  })

  it.each(['(', 'a)', '[a', '\\', '*a', 'a**', '^*', '\\b+', 'a{2,1}', '[z-a]', '(?<a>x)(?<a>y)'])(
    'refuses %j, which JavaScript refuses too',
    (source) => {
      expect(() => new RegExp(source)).toThrow(SyntaxError)
      expect(compile(source)).toBe(INVALID)
    },
  )

  it('refuses a pattern longer than 512 characters', () => {
    expect(Array.isArray(compile('a'.repeat(512)))).toBe(true)
    expect(compile('a'.repeat(513))).toBe(TOO_LARGE)
  })
})

describe('the compiled program', () => {
  it('is one instruction per character, fork or jump', () => {
    expect(program('abc')).toHaveLength(3)
    expect(program('a|b')).toHaveLength(4) // fork, a, jump, b
    expect(program('a*')).toHaveLength(3) // fork, a, loop
    expect(program('a+')).toHaveLength(2) // a, loop
    expect(program('a{2,4}')).toHaveLength(2 + 2 * 2) // a a, then (fork a) twice
    expect(program('(?:){99999}')).toHaveLength(0)
  })

  it(`is refused past ${MAX_PROGRAM_SIZE} instructions, however the counts nest`, () => {
    expect(program(`a{${MAX_PROGRAM_SIZE}}`)).toHaveLength(MAX_PROGRAM_SIZE)
    expect(compile(`a{${MAX_PROGRAM_SIZE + 1}}`)).toBe(TOO_LARGE)
    expect(compile('((a{100}){100}){100}')).toBe(TOO_LARGE)
    expect(compile('a{0,99999999999999999999}')).toBe(TOO_LARGE)
    expect(compile('(?:a*){1e400}')).toBe(6) // not a count: a lone {
  })

  it('joins the values of a clause, refusing them together past the limit', () => {
    const half = program(`a{${MAX_PROGRAM_SIZE / 2 - 1}}`)
    expect(union([half, half])).toHaveLength(MAX_PROGRAM_SIZE)
    expect(union([half, half, program('b')])).toBe(TOO_LARGE)
  })
})

describe('the words for a refused pattern', () => {
  it('name what is not supported and where', () => {
    expect(describeRefusal('(a)\\1', 3)).toBe(
      'backreferences (\\1) are not supported by matches (linear-time syntax, see spec), at character 4',
    )
    expect(describeRefusal('x(?=a)', 1)).toMatch(/^lookahead is not supported .*, at character 2$/)
    expect(describeRefusal('(?<!a)b', 0)).toMatch(/^lookbehind is not supported/)
    expect(describeRefusal('a{', 1)).toMatch(/^a lone \{ is not supported .*write \\\{/)
    expect(describeRefusal('[z-a]', INVALID)).toBe(
      'Invalid regular expression: /[z-a]/: Range out of order in character class',
    )
    expect(describeRefusal('a{5000}', TOO_LARGE)).toMatch(/compiles to more than 2000 steps/)
    expect(describeRefusal('a'.repeat(513), TOO_LARGE)).toBe(
      'regular expression longer than 512 characters',
    )
  })

  it('come with the path of each value, and of the values together', () => {
    expect(matchesIssues(['ok', '(a)\\1', 7, '(?=x)'])).toEqual([
      { path: ['values', 1], message: expect.stringMatching(/^backreferences/) },
      { path: ['values', 3], message: expect.stringMatching(/^lookahead/) },
    ])
    expect(matchesIssues(['a{1500}', 'b{1500}'])).toEqual([
      { path: ['values'], message: expect.stringMatching(/compile together to more than 2000/) },
    ])
    expect(matchesIssues(['^(a+)+$', '(a|a)*b'])).toEqual([])
  })
})
