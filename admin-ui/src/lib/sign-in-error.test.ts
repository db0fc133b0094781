import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error.js'
import { signInError, ssoErrorOf } from './sign-in-error.js'

describe('signInError', () => {
  it('says which credentials were wrong', () => {
    expect(signInError(new ApiError(401, 'x'), 'token')).toMatch(/Wrong admin token/)
    expect(signInError(new ApiError(401, 'x'), 'password')).toBe('Wrong email or password.')
    expect(signInError(new ApiError(403, 'x'), 'token')).toMatch(/not an admin token/)
  })

  it('passes on the wait after too many failures, and says when the server is away', () => {
    const tooMany = new ApiError(429, 'Too many failed attempts: wait a minute and try again.')
    expect(signInError(tooMany, 'password')).toBe(tooMany.message)
    expect(signInError(new TypeError('fetch failed'), 'token')).toBe('Could not reach the server.')
  })
})

describe('ssoErrorOf', () => {
  it('reads the message single sign-on put in the hash', () => {
    expect(ssoErrorOf('#sign-in-error=no%20such%20member')).toBe(
      'Single sign-on failed: no such member',
    )
    expect(ssoErrorOf('#sign-in-error=state+expired')).toBe('Single sign-on failed: state expired')
    expect(ssoErrorOf('#/flags')).toBeUndefined()
  })
})
