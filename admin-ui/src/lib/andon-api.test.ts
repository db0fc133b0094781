import { describe, expect, it } from 'vitest'
import { itemOf, listOf, secretOf } from './andon-api.js'

describe('listOf', () => {
  it('reads bare arrays and arrays held by a named or only field', () => {
    expect(listOf([1], 'flags')).toEqual([1])
    expect(listOf({ flags: [1, 2] }, 'flags')).toEqual([1, 2])
    expect(listOf({ entries: [3], next: null }, 'items')).toEqual([3])
    expect(listOf({ a: [1], b: [2] }, 'c')).toEqual([])
  })
})

describe('itemOf', () => {
  it('unwraps an object held by the field and leaves others alone', () => {
    expect(itemOf({ flag: { key: 'f' } }, 'flag')).toEqual({ key: 'f' })
    expect(itemOf({ key: 'f' }, 'flag')).toEqual({ key: 'f' })
    expect(itemOf({ id: 1, key: 'srv_x' }, 'key')).toEqual({ id: 1, key: 'srv_x' })
  })
})

describe('secretOf', () => {
  it('finds the secret of a created key by its prefix', () => {
    expect(secretOf({ id: 3, kind: 'server', hint: 'srv_ab…', key: 'srv_abcdef' })).toBe(
      'srv_abcdef',
    )
    expect(secretOf({ id: 4, key: 'hook_123' })).toBe('hook_123')
    expect(secretOf({ secret: 'plain' })).toBe('plain')
    expect(secretOf({ id: 5 })).toBeUndefined()
  })
})
