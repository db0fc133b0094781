import type { AuditEntry } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { actorKindWords } from './audit-actor.js'

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: 0,
  actor: 'Grace',
  actorKind: 'member',
  actorId: '2',
  action: 'flag.update',
  targetKind: 'flag',
  targetKey: 'new-checkout',
  environment: 'production',
  before: null,
  after: { enabled: true },
  comment: null,
  ...patch,
})

describe('audit actor', () => {
  it('says whether a member, a token or Andon itself acted', () => {
    expect(actorKindWords(entry({}))).toBe('member')
    expect(actorKindWords(entry({ actorKind: 'token' }))).toBe('token')
    expect(actorKindWords(entry({ actorKind: 'system', actor: 'guard' }))).toBe('Andon')
    expect(actorKindWords(entry({ actorKind: undefined }))).toBeUndefined()
  })
})
