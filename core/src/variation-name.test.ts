import { describe, expect, it } from 'vitest'
import {
  VARIATION_NAME_PATTERN,
  isNamedVariation,
  variationName,
  variationValue,
} from './variation-name.js'

describe('named variations', () => {
  it('are objects of exactly a string name and a value', () => {
    expect(isNamedVariation({ name: 'control', value: 'blue' })).toBe(true)
    expect(variationName({ name: 'control', value: 'blue' })).toBe('control')
    expect(variationName({ value: null, name: 'none' })).toBe('none')
  })

  it('leave bare values, other objects and non-string names alone', () => {
    for (const bare of [false, 0, 'control', null, [1], { name: 'a' }, { value: 1 }]) {
      expect(isNamedVariation(bare)).toBe(false)
    }
    expect(isNamedVariation({ name: 'a', value: 1, extra: true })).toBe(false)
    expect(variationName({ name: 1, value: 1 })).toBeUndefined()
  })

  it('serve the named value, one level deep only', () => {
    expect(variationValue({ name: 'on', value: true })).toBe(true)
    expect(variationValue({ name: 'nested', value: { name: 'inner', value: 1 } })).toEqual({
      name: 'inner',
      value: 1,
    })
    expect(variationValue({ limit: 10 })).toEqual({ limit: 10 })
  })

  it('take names of letters, digits and _ . -, not digits alone', () => {
    for (const good of ['control', 'v2', 'a.b-c_d', '0x', 'x'.repeat(64)]) {
      expect(VARIATION_NAME_PATTERN.test(good)).toBe(true)
    }
    for (const bad of ['', '1', '007', 'a b', 'ü', 'x'.repeat(65), 'a/b']) {
      expect(VARIATION_NAME_PATTERN.test(bad)).toBe(false)
    }
  })
})
