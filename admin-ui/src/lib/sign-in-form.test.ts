import { describe, expect, it } from 'vitest'
import { credentialsOf } from './sign-in-form.js'

const fields = (patch: Partial<{ email: string; password: string; token: string }>) => ({
  email: '',
  password: '',
  token: '',
  ...patch,
})

describe('credentialsOf', () => {
  it('signs in with the token when only the token is filled in', () => {
    expect(credentialsOf(fields({ token: ' adm_1 ' }), true)).toEqual({ token: 'adm_1' })
    expect(credentialsOf(fields({ token: 'adm_1' }), false)).toEqual({ token: 'adm_1' })
  })

  it('signs in with email and password when both are filled in', () => {
    expect(credentialsOf(fields({ email: ' a@b.c ', password: ' pw ' }), true)).toEqual({
      email: 'a@b.c',
      password: ' pw ',
    })
  })

  it('says what is missing, and refuses both ways at once', () => {
    expect(credentialsOf(fields({ email: 'a@b.c' }), true)).toBe(
      'Enter your email and password, or an admin token.',
    )
    expect(credentialsOf(fields({ email: 'a@b.c', token: 't' }), true)).toMatch(/not both/)
    expect(credentialsOf(fields({}), false)).toBe('Enter an admin token.')
  })
})
