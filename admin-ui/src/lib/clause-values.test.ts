import { clauseOpSchema } from '@andon/core'
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
})

describe('formatClauseValues', () => {
  it('round-trips typed values', () => {
    const { text, scalarType } = formatClauseValues([1, 2])
    expect(scalarType).toBe('number')
    expect(parseClauseValues('in', text, scalarType)).toEqual({ values: [1, 2] })
  })
})
