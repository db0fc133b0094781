import { describe, expect, it } from 'vitest'
import { needsOf, needsSentence } from './refusal.js'

describe('needsSentence', () => {
  it('names the role and the environment', () => {
    expect(needsSentence({ role: 'editor', environment: 'production' })).toBe(
      'You need the editor role in production.',
    )
  })

  it('says where for definitions and archiving, and which scope a token lacks', () => {
    expect(needsSentence({ role: 'editor', environments: 'every', environment: 'qa' })).toBe(
      'You need the editor role in every environment, qa too.',
    )
    expect(needsSentence({ role: 'editor', environments: 'any' })).toBe(
      'You need the editor role in at least one environment.',
    )
    expect(needsSentence({ role: 'editor', environment: 'staging', scope: 'write:staging' })).toBe(
      'You need the editor role in staging (a token needs the scope write:staging).',
    )
    expect(needsSentence({ role: 'admin' })).toBe('You need to be an admin.')
  })
})

describe('needsOf', () => {
  it('reads the needs of a refusal and nothing else', () => {
    expect(needsOf({ error: 'x', needs: { role: 'admin' } })).toEqual({ role: 'admin' })
    expect(needsOf({ error: 'CSRF check failed: no token' })).toBeUndefined()
    expect(needsOf({ error: 'x', needs: { role: 'owner' } })).toBeUndefined()
    expect(needsOf('<html>')).toBeUndefined()
  })
})
