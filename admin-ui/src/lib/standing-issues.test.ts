import { describe, expect, it } from 'vitest'
import { standingIssues } from './standing-issues.js'

describe('standingIssues', () => {
  it('drops an issue once the value at its path changed, and keeps the others', () => {
    const issues = [
      { path: ['prerequisites', 0, 'key'], message: 'makes a cycle' },
      { path: ['salt'], message: 'too long' },
    ]
    const then = { salt: 'x'.repeat(300), prerequisites: [{ key: 'a', variation: 1 }] }
    expect(standingIssues(issues, then, then)).toEqual(issues)
    expect(standingIssues(issues, then, { ...then, salt: 'short' })).toEqual([issues[0]])
    expect(standingIssues(issues, then, { ...then, prerequisites: [] })).toEqual([issues[1]])
  })
})
