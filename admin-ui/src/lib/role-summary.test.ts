import type { SessionActor } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { roleSummary } from './role-summary.js'

const me = (patch: Partial<SessionActor>): SessionActor => ({
  kind: 'member',
  id: 1,
  name: 'Ada',
  email: null,
  admin: false,
  roles: {},
  scopes: null,
  ...patch,
})

describe('roleSummary', () => {
  it('names an admin, the environments an editor edits, or a viewer', () => {
    expect(roleSummary(me({ admin: true }))).toBe('admin')
    expect(roleSummary(me({ roles: { staging: 'editor', production: 'viewer' } }))).toBe(
      'editor in staging',
    )
    expect(roleSummary(me({ roles: { production: 'viewer' } }))).toBe('viewer')
  })

  it('names a token session by its scopes', () => {
    expect(roleSummary(me({ kind: 'token', admin: true, scopes: ['admin'] }))).toBe('admin token')
    expect(roleSummary(me({ kind: 'token', scopes: ['read', 'kill'] }))).toBe('token: read, kill')
  })
})
