import { describe, expect, it } from 'vitest'
import { apiErrorOf, formatPath, messagesAt } from './api-error.js'

describe('apiErrorOf', () => {
  it('keeps the status and says what a 412 means', () => {
    const error = apiErrorOf(412, { error: 'version mismatch' })
    expect(error.status).toBe(412)
    expect(error.message).toMatch(/changed this/)
  })

  it('says what role a 403 needs, and else the server’s reason', () => {
    const refusal = { error: 'needs the editor role in production', needs: { role: 'editor' } }
    expect(
      apiErrorOf(403, { ...refusal, needs: { role: 'editor', environment: 'production' } }),
    ).toMatchObject({ status: 403, message: 'You need the editor role in production.' })
    expect(apiErrorOf(403, { error: 'CSRF check failed: no token' }).message).toBe(
      'CSRF check failed: no token',
    )
    expect(apiErrorOf(403, undefined).message).toBe('You may not do this.')
  })

  it('says a session that ended has ended', () => {
    expect(apiErrorOf(401, { error: 'unauthorized' }).message).toBe(
      'Your session ended: sign in again.',
    )
  })

  it('uses the body message for statuses without a sentence', () => {
    expect(apiErrorOf(500, { error: 'Internal' }).message).toBe('Internal')
  })

  it('keeps the issues of a 422 where the server put them', () => {
    const issues = [{ path: ['rules', 0, 'clauses', 0, 'values', 1], message: 'bad pattern' }]
    const error = apiErrorOf(422, { error: 'invalid body', issues })
    expect(error.issues).toEqual(issues)
    expect(error.message).toBe('Some values are not valid.')
  })

  it('falls back to the status for a body that is not the server’s (a proxy’s page)', () => {
    const error = apiErrorOf(502, '<html>Bad gateway</html>')
    expect(error.message).toBe('The server answered 502.')
    expect(error.issues).toEqual([])
  })
})

describe('messagesAt', () => {
  it('finds the messages at or under a path', () => {
    const issues = [
      { path: ['rules', 0, 'clauses', 1, 'values', 0], message: 'regex' },
      { path: ['rules', 1], message: 'other' },
    ]
    expect(messagesAt(issues, ['rules', 0, 'clauses', 1])).toEqual(['regex'])
    expect(messagesAt(issues, ['rules', '1'])).toEqual(['other'])
    expect(formatPath(['rules', 0, 'clauses'])).toBe('rules[0].clauses')
  })
})
