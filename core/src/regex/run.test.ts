import { describe, expect, it } from 'vitest'
import { compile, run } from './index.js'

/** Whether `source` matches anywhere in `input`, through the linear-time engine. */
function test(source: string, input: string): boolean {
  const program = compile(source)
  if (typeof program === 'number') throw new Error(`${source} was refused (${program})`)
  return run(program, input)
}

/** Every UTF-16 code unit, as one-character strings. */
const CODE_UNITS = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c))

describe('the matcher', () => {
  it.each([
    ['abc', 'xxabcxx', true],
    ['abc', 'abxc', false],
    ['^abc', 'abcx', true],
    ['^abc', 'xabc', false],
    ['abc$', 'xabc', true],
    ['abc$', 'abc\n', false],
    ['^$', '', true],
    ['^iPhone1[2-5]', 'iPhone14 Pro', true],
    ['^iPhone1[2-5]', 'iPhone11', false],
    ['Pixel [0-9]+ Pro$', 'Google Pixel 8 Pro', true],
    ['Pixel [0-9]+ Pro$', 'Google Pixel Pro', false],
    ['a|bc', 'xbcx', true],
    ['(a|b)c', 'bc', true],
    ['x(?:ab)+y', 'xababy', true],
    ['x(?:ab)+y', 'xy', false],
    ['x(?:ab)*y', 'xy', true],
    ['colou?r', 'color', true],
    ['a{3}', 'aa', false],
    ['a{3}', 'aaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{2,}$', 'aaaaaaa', true],
    ['^(?:ab){0}$', '', true],
    ['[^a-z]', 'abc', false],
    ['[^]', 'x', true],
    ['[]', 'x', false],
    ['\\bcat\\b', 'a cat!', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Bcat', 'concat', true],
    ['^.$', '\n', false],
    ['^.$', '\u2028', false],
    ['^.$', '\ud83d', true],
    ['^..$', '😀', true],
    ['^(?<word>\\w+)@', 'me@example.com', true],
    ['', 'anything', true],
  ])('%j on %j is %s', (source, input, expected) => {
    expect(new RegExp(source).test(input)).toBe(expected)
    expect(test(source, input)).toBe(expected)
  })

  it.each([
    '\\s',
    '\\S',
    '\\d',
    '\\D',
    '\\w',
    '\\W',
    '.',
    '[\\s\\d]',
    '[^\\w.]',
    '\\u00e9',
    '[\\0-\\x1f]',
  ])('reads every code unit as RegExp does with %j', (source) => {
    const re = new RegExp(`^${source}$`)
    const mismatches = CODE_UNITS.filter((c) => test(`^${source}$`, c) !== re.test(c))
    expect(mismatches).toEqual([])
  })

  it('finds word boundaries as RegExp does, at the ends too', () => {
    for (const input of ['a', ' a ', 'a_b c', 'é', '_', '1 2', '']) {
      for (const source of ['\\b', '\\B', '^\\b', '\\b$', '\\Ba', 'a\\b']) {
        expect([source, input, test(source, input)]).toEqual([
          source,
          input,
          new RegExp(source).test(input),
        ])
      }
    }
  })

  it('reuses one program for many inputs, as shared clauses do', () => {
    const program = compile('^a+b$')
    if (typeof program === 'number') throw new Error('refused')
    expect(['ab', 'aab', 'b', 'aabb', 'aaab'].map((s) => run(program, s))).toEqual([
      true,
      true,
      false,
      false,
      true,
    ])
  })
})

describe('hostile patterns', () => {
  // No timing here: a backtracking engine takes years on these, so vitest's timeout is the
  // hang detector, and the results say the matcher read them right.
  const hostile = 'a'.repeat(41) + '!'
  const long = 'a'.repeat(1023) + '!'

  it.each([
    ['^(a+)+$', false],
    ['(a|a)*b', false],
    ['(a*)*b', false],
    ['(.*a){20}$', false],
    ['(.*a){20}', true],
    ['^(a|aa)+$', false],
    ['^(\\w+\\s?)*$', false],
  ])('%j finishes on 41 a and a !, and on 1,024 characters', (source, expected) => {
    expect(test(source, hostile)).toBe(expected)
    expect(test(source, long)).toBe(expected)
    expect(test(source, 'a'.repeat(1024))).toBe(!source.includes('b'))
  })
})
