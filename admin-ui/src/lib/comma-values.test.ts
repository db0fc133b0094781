import { describe, expect, it } from 'vitest'
import { commaSplit } from './comma-values.js'

describe('commaSplit', () => {
  it('offers "SE, NO" on one line as two values, keeping the other lines', () => {
    expect(commaSplit('SE, NO\nDK')).toEqual({ line: 'SE, NO', text: 'SE\nNO\nDK', count: 3 })
    expect(commaSplit('a,b,,c')).toEqual({ line: 'a,b,,c', text: 'a\nb\nc', count: 3 })
  })

  it('offers nothing without a comma between values', () => {
    expect(commaSplit('SE\nNO')).toBeUndefined()
    expect(commaSplit('SE,')).toBeUndefined()
    expect(commaSplit('')).toBeUndefined()
  })
})
