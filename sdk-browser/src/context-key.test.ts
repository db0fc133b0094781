import { describe, expect, it } from 'vitest'
import { withKey } from './context-key.js'
import { memoryStorage } from './test-fakes.js'

describe('the context the client evaluates for', () => {
  it('keeps a context with a key as it is, frozen, and leaves the caller its own object', () => {
    const input = { key: 'user-1', plan: 'pro' }
    const context = withKey(input, memoryStorage())
    expect(context).toEqual({ key: 'user-1', plan: 'pro' })
    expect(context).not.toBe(input)
    expect(Object.isFrozen(context)).toBe(true)
    expect(Object.isFrozen(input)).toBe(false)
  })

  it('gives a context without key the anonymous key kept in storage, the same each time', () => {
    const storage = memoryStorage()
    const first = withKey({ plan: 'pro' }, storage)
    expect(first.key).toMatch(/^[0-9a-f]{32}$/)
    expect(storage.map.get('andon.anonymousKey')).toBe(first.key)
    expect(withKey(undefined, storage)).toEqual({ key: first.key })
  })

  it('leaves the key out where nothing could keep it (server rendering)', () => {
    expect(withKey({ plan: 'pro' }, null)).toEqual({ plan: 'pro' })
  })

  it('takes anything that is not an object as an empty context', () => {
    expect(withKey('user-1' as never, null)).toEqual({})
    expect(withKey(null as never, null)).toEqual({})
  })

  it('hands back a context whose getters throw as it is, without throwing', () => {
    const hostile = {
      get plan(): string {
        throw new Error('no')
      },
    }
    expect(withKey(hostile, memoryStorage())).toBe(hostile)
  })
})
