import { describe, expect, it } from 'vitest'
import { formatVariations, parseVariations, variationLabel, variationTypeOf } from './variations.js'

describe('parseVariations', () => {
  it('gives a boolean flag exactly [false, true]', () => {
    expect(parseVariations('boolean', 'ignored')).toEqual({ variations: [false, true] })
  })

  it('reads strings, numbers and JSON one per line', () => {
    expect(parseVariations('string', 'blue\n\n green ')).toEqual({ variations: ['blue', 'green'] })
    expect(parseVariations('number', '1\n2.5\n-3')).toEqual({ variations: [1, 2.5, -3] })
    expect(parseVariations('json', '{"a":1}\n[1,2]\n"x"')).toEqual({
      variations: [{ a: 1 }, [1, 2], 'x'],
    })
  })

  it('names the line that is not of the type', () => {
    expect(parseVariations('number', '1\nten')).toEqual({
      errors: ['Line 2: "ten" is not a number'],
    })
    expect(parseVariations('json', '1\n{oops')).toEqual({
      errors: ['Line 2: not valid JSON (write strings in double quotes)'],
    })
  })

  it('refuses fewer than two variations and duplicates', () => {
    expect(parseVariations('string', 'only')).toEqual({ errors: ['Give at least two variations'] })
    expect(parseVariations('number', '1\n1.0')).toEqual({ errors: ['1 appears twice'] })
  })
})

describe('variationTypeOf', () => {
  it('recognizes each type', () => {
    expect(variationTypeOf([false, true])).toBe('boolean')
    expect(variationTypeOf(['a', 'b'])).toBe('string')
    expect(variationTypeOf([1, 2])).toBe('number')
    expect(variationTypeOf([1, 'b'])).toBe('json')
  })
})

describe('formatVariations', () => {
  it('writes the text that parseVariations reads back', () => {
    for (const [type, values] of [
      ['string', ['blue', 'green', 'light blue']],
      ['number', [1, 2.5, -3]],
      ['json', [{ a: 1 }, 'x', null]],
    ] as const) {
      expect(parseVariations(type, formatVariations(type, values))).toEqual({ variations: values })
    }
    expect(formatVariations('string', ['blue', 'green'])).toBe('blue\ngreen')
  })
})

describe('variationLabel', () => {
  it('writes values without index, strings without quotes unless they look like another value', () => {
    expect(variationLabel(true)).toBe('true')
    expect(variationLabel('blue')).toBe('blue')
    expect(variationLabel('true')).toBe('"true"')
    expect(variationLabel('12')).toBe('"12"')
    expect(variationLabel({ color: 'blue' })).toBe('{"color":"blue"}')
    expect(variationLabel('x'.repeat(50))).toHaveLength(40)
  })
})
