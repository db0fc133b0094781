import type { SessionActor, TokenInfo } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { expiresAtOf, ownerName, scopesOf, tokenState } from './token-form.js'

const token = (patch: Partial<TokenInfo> = {}): TokenInfo => ({
  id: 4,
  name: 'ci',
  type: 'personal',
  scopes: ['read'],
  owner: 'member:2',
  hint: 'adm_…x1',
  createdAt: 0,
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...patch,
})

const me: SessionActor = {
  kind: 'member',
  id: 2,
  name: 'Ada',
  email: 'ada@example.com',
  admin: false,
  roles: {},
  scopes: null,
}

describe('token form', () => {
  it('turns the choices into scopes', () => {
    expect(scopesOf({ read: true, kill: true, admin: false, write: ['staging'] })).toEqual([
      'read',
      'kill',
      'write:staging',
    ])
    expect(scopesOf({ read: false, kill: false, admin: true, write: [] })).toEqual(['admin'])
  })

  it('expires after the days chosen, or never', () => {
    expect(expiresAtOf(30, 1000)).toBe(1000 + 30 * 86_400_000)
    expect(expiresAtOf(0, 1000)).toBeUndefined()
  })

  it('says whether a token still works and whose it is', () => {
    expect(tokenState(token(), 10)).toBe('active')
    expect(tokenState(token({ expiresAt: 5 }), 10)).toBe('expired')
    expect(tokenState(token({ revokedAt: 5 }), 10)).toMatch(/^revoked /)
    expect(ownerName(token(), me, undefined)).toBe('you')
    const members = [{ id: 3, name: 'Grace' }] as never
    expect(ownerName(token({ owner: 'member:3' }), me, members)).toBe('Grace')
    expect(ownerName(token({ owner: null, type: 'service' }), me, members)).toBe('—')
  })
})
