import { describe, expect, it } from 'vitest'
import { createKeyFinder } from './key-finder.js'
import { digestOf } from './secrets.js'

describe('createKeyFinder', () => {
  it('finds keys by the digest of their secret, and a revoked key no more', async () => {
    const keys = new Map([[digestOf('srv_known'), 'known key']])
    const asked: string[] = []
    const find = createKeyFinder(async (digest: string) => {
      asked.push(digest)
      return keys.get(digest)
    })
    expect(await find('srv_known')).toBe('known key')
    expect(await find('srv_known')).toBe('known key')
    expect(await find('srv_guess')).toBeUndefined()
    expect(asked).toEqual([digestOf('srv_known'), digestOf('srv_known'), digestOf('srv_guess')])
    keys.clear()
    expect(await find('srv_known')).toBeUndefined()
  })
})
