import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error.js'
import { loadToken, saveToken, signInError } from './session-token.js'

describe('session token', () => {
  it('stores, loads and forgets the token', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    }
    saveToken(storage, 'adm_1')
    expect(loadToken(storage)).toBe('adm_1')
    saveToken(storage, undefined)
    expect(loadToken(storage)).toBeUndefined()
  })

  it('says a wrong token is wrong', () => {
    expect(signInError(new ApiError(401, 'x'))).toMatch(/Wrong admin token/)
    expect(signInError(new ApiError(403, 'x'))).toMatch(/not an admin token/)
    expect(signInError(new TypeError('fetch failed'))).toBe('Could not reach the server.')
  })
})
