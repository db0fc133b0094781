import { describe, expect, it } from 'vitest'
import { choicesOf, newMemberOf, passwordIssue, rolesOf, rolesText } from './member-form.js'

describe('member form', () => {
  it('turns the choices per environment into roles and back', () => {
    const choices = { production: 'viewer', staging: 'editor', qa: 'none' } as const
    expect(rolesOf(choices)).toEqual({ production: 'viewer', staging: 'editor' })
    expect(choicesOf({ staging: 'editor' }, ['production', 'staging'])).toEqual({
      production: 'none',
      staging: 'editor',
    })
    expect(rolesText({ roles: { staging: 'editor' } })).toBe('editor in staging')
    expect(rolesText({ roles: {} })).toBe('none')
  })

  it('refuses short passwords and a missing email before the server does', () => {
    expect(passwordIssue('')).toBeUndefined()
    expect(passwordIssue('short')).toBe('A password needs at least 12 characters.')
    const form = { email: 'x', name: '', password: '', admin: false, roles: {} }
    expect(newMemberOf(form)).toBe('Enter the member’s email address.')
  })

  it('sends only what was filled in', () => {
    const form = {
      email: ' ada@example.com ',
      name: '',
      password: '',
      admin: false,
      roles: { production: 'editor', staging: 'none' } as const,
    }
    expect(newMemberOf(form)).toEqual({
      email: 'ada@example.com',
      admin: false,
      roles: { production: 'editor' },
    })
  })
})
