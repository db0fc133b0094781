import { describe, expect, it } from 'vitest'
import { formatKeyList, parseKeyList } from './key-list.js'

describe('parseKeyList', () => {
  it('splits on lines and commas, trims, drops blanks and duplicates', () => {
    expect(parseKeyList('user-1, user-2\n\n user-3 \nuser-1')).toEqual([
      'user-1',
      'user-2',
      'user-3',
    ])
  })
  it('round-trips with formatKeyList', () => {
    expect(parseKeyList(formatKeyList(['a', 'b']))).toEqual(['a', 'b'])
  })
})
