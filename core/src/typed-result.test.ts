import { describe, expect, it } from 'vitest'
import type { EvaluationResult } from './model.js'
import { typedResult } from './typed-result.js'

const served = (value: EvaluationResult['value']): EvaluationResult => ({
  value,
  variationIndex: 0,
  reason: { kind: 'FALLTHROUGH' },
})
const WRONG_TYPE = { kind: 'ERROR', errorKind: 'WRONG_TYPE' }

describe('typedResult', () => {
  it('passes a value of the default’s kind through, the same object', () => {
    const result = served('blue')
    expect(typedResult(result, 'red')).toBe(result)
    expect(typedResult(served([1]), [])).toEqual(served([1]))
    expect(typedResult(served({ a: 1 }), { b: 2 })).toEqual(served({ a: 1 }))
  })

  it('serves the default with WRONG_TYPE for another kind, arrays apart from objects', () => {
    expect(typedResult(served('blue'), false)).toEqual({
      value: false,
      variationIndex: null,
      reason: WRONG_TYPE,
    })
    expect(typedResult(served([1]), {}).reason).toEqual(WRONG_TYPE)
    expect(typedResult(served(null), 'x').value).toBe('x')
  })

  it('lets a null default take any kind', () => {
    expect(typedResult(served([1]), null)).toEqual(served([1]))
  })

  it('fills in the default where no variation is served, keeping the reason', () => {
    const off: EvaluationResult = { value: null, variationIndex: null, reason: { kind: 'OFF' } }
    expect(typedResult(off, 7)).toEqual({ value: 7, variationIndex: null, reason: { kind: 'OFF' } })
    expect(typedResult(off, null)).toBe(off)
  })
})
