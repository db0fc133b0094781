import { clauseOpSchema, clauseSchema } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { OPERATORS, formatClauseValues, parseClauseValues } from './clause-values.js'

describe('OPERATORS', () => {
  it('covers every operator of the spec once', () => {
    expect(OPERATORS.map((o) => o.op).sort()).toEqual([...clauseOpSchema.options].sort())
  })
})

describe('parseClauseValues', () => {
  it('types the values of an in clause as chosen', () => {
    expect(parseClauseValues('in', 'SE\nNO')).toEqual({ values: ['SE', 'NO'] })
    expect(parseClauseValues('in', '1\n2', 'number')).toEqual({ values: [1, 2] })
    expect(parseClauseValues('in', 'true', 'boolean')).toEqual({ values: [true] })
    expect(parseClauseValues('in', 'yes', 'boolean')).toEqual({
      errors: ['"yes" is not true or false'],
    })
  })

  it('reads numbers for comparisons', () => {
    expect(parseClauseValues('gte', '18')).toEqual({ values: [18] })
    expect(parseClauseValues('lt', 'ten')).toEqual({ errors: ['"ten" is not a number'] })
  })

  it('reads instants as epoch milliseconds or ISO strings', () => {
    expect(parseClauseValues('before', '1700000000000\n2026-01-01T00:00:00Z')).toEqual({
      values: [1700000000000, '2026-01-01T00:00:00Z'],
    })
    expect(parseClauseValues('after', 'soon')).toHaveProperty('errors')
  })

  it('checks semantic versions and regular expressions', () => {
    expect(parseClauseValues('semverGt', '1.2.3\n2')).toEqual({ values: ['1.2.3', '2'] })
    expect(parseClauseValues('semverEq', 'x.y')).toHaveProperty('errors')
    expect(parseClauseValues('matches', '^a+$')).toEqual({ values: ['^a+$'] })
    expect(parseClauseValues('matches', '(')).toHaveProperty('errors')
    expect(parseClauseValues('matches', 'a'.repeat(513))).toHaveProperty('errors')
  })

  it('accepts linear-time patterns that backtracking engines fear, as the server does', () => {
    expect(parseClauseValues('matches', '^(a+)+$\n^[a-z]+@example\\.com$')).toEqual({
      values: ['^(a+)+$', '^[a-z]+@example\\.com$'],
    })
  })

  it.each([
    ['a backreference', '(a)\\1', /backreferences/],
    ['a lookahead', 'a(?=b)', /lookahead/],
    ['a Unicode property escape', '\\p{L}', /Unicode property/],
  ])('refuses %s, which new RegExp would take, naming the pattern', (_, pattern, words) => {
    expect(() => new RegExp(pattern)).not.toThrow()
    const parsed = parseClauseValues('matches', `^ok$\n${pattern}`)
    expect(parsed).toEqual({ errors: [expect.stringMatching(words)] })
    expect(parsed).toEqual({ errors: [expect.stringContaining(`"${pattern}": `)] })
  })

  it('refuses exactly what a save refuses, with the same message', () => {
    const patterns = ['(a)\\1', 'ok', 'a{1000}', 'b{1000}', '[']
    const saved = clauseSchema.safeParse({ attribute: 'email', op: 'matches', values: patterns })
    const serverMessages = saved.success ? [] : saved.error.issues.map((i) => i.message)
    const parsed = parseClauseValues('matches', patterns.join('\n'))
    expect(serverMessages).toHaveLength(3)
    expect('errors' in parsed && parsed.errors.map((e) => e.replace(/^"[^"]*": /, ''))).toEqual(
      serverMessages,
    )
  })
})

describe('formatClauseValues', () => {
  it('round-trips typed values', () => {
    const { text, scalarType } = formatClauseValues([1, 2])
    expect(scalarType).toBe('number')
    expect(parseClauseValues('in', text, scalarType)).toEqual({ values: [1, 2] })
  })
})
