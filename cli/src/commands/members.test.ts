import { describe, expect, it } from 'vitest'
import { CliError } from '../cli-error.js'
import { mergeRoles, roleChangesOf } from './members.js'

describe('--role', () => {
  it('takes repeats and commas, in the order given', () => {
    const first = roleChangesOf('production=editor, development = viewer')
    expect(roleChangesOf('production=none', first)).toEqual([
      ['production', 'editor'],
      ['development', 'viewer'],
      ['production', 'none'],
    ])
  })

  it('refuses what is no role, and none where nothing can be taken away', () => {
    for (const given of [
      'production',
      'production=owner',
      '=editor',
      'production=',
      'a b=viewer',
    ]) {
      expect(() => roleChangesOf(given)).toThrow(CliError)
    }
    expect(() => roleChangesOf('production=none', [], false)).toThrow(/viewer or editor, not/)
  })
})

describe('roles after a change', () => {
  it('keeps the roles not named, and the later of two for one environment', () => {
    const current = { production: 'viewer', development: 'editor' } as const
    expect(
      mergeRoles(current, [
        ['production', 'editor'],
        ['staging', 'viewer'],
        ['staging', 'none'],
        ['development', 'none'],
      ]),
    ).toEqual({ production: 'editor' })
    expect(current).toEqual({ production: 'viewer', development: 'editor' })
  })
})
