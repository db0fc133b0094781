import type { SessionActor } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { needsFor, reasonNot } from './permissions.js'

const member = (patch: Partial<SessionActor> = {}): SessionActor => ({
  kind: 'member',
  id: 1,
  name: 'Ada',
  email: 'ada@example.com',
  admin: false,
  roles: { staging: 'editor', production: 'viewer' },
  scopes: null,
  ...patch,
})

describe('needsFor', () => {
  it('lets an editor write where they edit, and says what is missing elsewhere', () => {
    expect(needsFor(member(), { kind: 'write', environment: 'staging' })).toBeUndefined()
    expect(reasonNot(member(), { kind: 'write', environment: 'production' })).toBe(
      'You need the editor role in production.',
    )
  })

  it('lets every member switch flags off anywhere, and editors define flags', () => {
    expect(needsFor(member({ roles: {} }), { kind: 'kill', environment: 'x' })).toBeUndefined()
    expect(needsFor(member(), { kind: 'define' })).toBeUndefined()
    expect(reasonNot(member({ roles: {} }), { kind: 'define' })).toBe(
      'You need the editor role in at least one environment.',
    )
  })

  it('archives only for editors of every environment, and admins may do all', () => {
    const archive = { kind: 'archive', environments: ['staging', 'production'] } as const
    expect(reasonNot(member(), archive)).toBe(
      'You need the editor role in every environment, production too.',
    )
    expect(needsFor(member({ admin: true }), archive)).toBeUndefined()
    expect(reasonNot(member(), { kind: 'admin' })).toBe('You need to be an admin.')
  })

  it('reads a token session’s scopes', () => {
    const token = member({ kind: 'token', roles: {}, scopes: ['write:qa'] })
    expect(needsFor(token, { kind: 'write', environment: 'qa' })).toBeUndefined()
    expect(needsFor(token, { kind: 'kill', environment: 'production' })).toMatchObject({
      scope: 'kill',
    })
    expect(needsFor(member({ kind: 'token', scopes: ['admin'] }), { kind: 'admin' })).toBe(
      undefined,
    )
  })
})
