import { describe, expect, it } from 'vitest'
import { apiErrorOf, formatPath, issuesOf, messagesAt } from './api-error.js'

describe('issuesOf', () => {
  it('reads zod issues with array paths, dropping a request section prefix', () => {
    const body = { issues: [{ path: ['json', 'rules', 0, 'clauses'], message: 'bad' }] }
    expect(issuesOf(body)).toEqual([{ path: ['rules', 0, 'clauses'], message: 'bad' }])
  })

  it('reads nested error.issues and dotted paths', () => {
    const body = { error: { issues: [{ path: 'fallthrough.rollout.variations', message: 'm' }] } }
    expect(issuesOf(body)).toEqual([
      { path: ['fallthrough', 'rollout', 'variations'], message: 'm' },
    ])
  })
})

describe('apiErrorOf', () => {
  it('keeps the status and says what a 412 means', () => {
    const error = apiErrorOf(412, { error: 'version mismatch' })
    expect(error.status).toBe(412)
    expect(error.message).toMatch(/changed this/)
  })

  it('uses the body message for statuses without a sentence', () => {
    expect(apiErrorOf(500, { error: 'Internal' }).message).toBe('Internal')
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
