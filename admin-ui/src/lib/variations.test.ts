import { describe, expect, it } from 'vitest'
import { formatVariations, parseVariations, variationLabel, variationTypeOf } from './variations.js'

describe('parseVariations', () => {
  it('gives a boolean flag exactly false, true, unnamed when left blank', () => {
    expect(parseVariations('boolean', '')).toEqual({ variations: [false, true] })
    expect(parseVariations('boolean', 'false\ntrue')).toEqual({ variations: [false, true] })
    expect(parseVariations('boolean', 'true\nfalse')).toEqual({
      errors: ['A boolean flag has false, then true'],
    })
    expect(parseVariations('boolean', 'maybe\ntrue')).toEqual({
      errors: ["Line 1: a boolean flag's values are false and true"],
    })
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

describe('named variations', () => {
  it('reads `name = value` on any line, the rest of the line as the value', () => {
    expect(parseVariations('string', 'control = blue\nlight green\ntreatment = a = b')).toEqual({
      variations: [
        { name: 'control', value: 'blue' },
        'light green',
        { name: 'treatment', value: 'a = b' },
      ],
    })
    expect(parseVariations('boolean', 'off = false\non = true')).toEqual({
      variations: [
        { name: 'off', value: false },
        { name: 'on', value: true },
      ],
    })
    expect(parseVariations('json', 'small = {"limit":10}\n{"limit":100}')).toEqual({
      variations: [{ name: 'small', value: { limit: 10 } }, { limit: 100 }],
    })
  })

  it('reads a line whose start is no valid name as a value', () => {
    expect(parseVariations('string', 'two words = x\n12 = y')).toEqual({
      variations: ['two words = x', '12 = y'],
    })
    expect(parseVariations('number', '1 = 2\n3')).toEqual({
      errors: ['Line 1: "1 = 2" is not a number'],
    })
  })

  it('refuses a name given twice, and equal values under different names', () => {
    expect(parseVariations('string', 'a = x\na = y')).toEqual({
      errors: ['Line 2: the name a is taken'],
    })
    expect(parseVariations('number', 'a = 1\nb = 1')).toEqual({ errors: ['1 appears twice'] })
  })

  it('writes names back as parseVariations reads them, and labels them with their values', () => {
    const variations = [{ name: 'control', value: 'blue' }, 'green']
    expect(formatVariations('string', variations)).toBe('control = blue\ngreen')
    expect(parseVariations('string', formatVariations('string', variations))).toEqual({
      variations,
    })
    const named = [
      { name: 'off', value: false },
      { name: 'on', value: true },
    ]
    expect(variationTypeOf(named)).toBe('boolean')
    expect(formatVariations('boolean', named)).toBe('off = false\non = true')
    expect(variationLabel({ name: 'control', value: 'blue' })).toBe('control (blue)')
    expect(variationLabel({ name: 'small', value: { limit: 10 } })).toBe('small ({"limit":10})')
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
