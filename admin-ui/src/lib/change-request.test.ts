import type { ChangeRequestInfo, SessionActor } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { ageText, requestedEdit, statusText, whyNotDecide } from './change-request.js'

const request: ChangeRequestInfo = {
  id: 7,
  environment: 'production',
  flag: 'new-checkout',
  status: 'open',
  change: { fallthrough: { variation: 1 }, comment: 'ramp' },
  baseVersion: 3,
  author: { kind: 'member', id: '2', name: 'Ada' },
  reviewer: null,
  reason: null,
  createdAt: 0,
  decidedAt: null,
}

const member = (id: number, roles: SessionActor['roles']): SessionActor => ({
  kind: 'member',
  id,
  name: `m${id}`,
  email: null,
  admin: false,
  roles,
  scopes: null,
})

describe('change requests', () => {
  it('splits the comment from the edit', () => {
    expect(requestedEdit(request.change)).toEqual({
      patch: { fallthrough: { variation: 1 } },
      comment: 'ramp',
    })
  })

  it('lets another editor of the environment decide, not the author nor a viewer', () => {
    expect(whyNotDecide(member(3, { production: 'editor' }), request)).toBeUndefined()
    expect(whyNotDecide(member(2, { production: 'editor' }), request)).toBe(
      'Someone else must approve your own change.',
    )
    expect(whyNotDecide(member(3, { production: 'viewer' }), request)).toBe(
      'Only editors of production decide changes there.',
    )
  })

  it('says how old a request is and where it stands', () => {
    expect(ageText(0, 30_000)).toBe('just now')
    expect(ageText(0, 60_000)).toBe('1 minute ago')
    expect(ageText(0, 3 * 3_600_000)).toBe('3 hours ago')
    expect(statusText({ ...request, status: 'failed' })).toBe('approved, but applying it failed')
  })
})
