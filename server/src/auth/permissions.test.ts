import { describe, expect, it } from 'vitest'
import type { TokenScope } from '@andon/core'
import { check, type Action, type Principal, type Role } from './permissions.js'

const ENVIRONMENTS = ['development', 'production']

const member = (roles: Record<string, Role>, admin = false): Principal => ({
  kind: 'member',
  id: 7,
  name: 'ada',
  admin,
  roles,
})
const token = (...scopes: TokenScope[]): Principal => ({ kind: 'token', id: 3, name: 'ci', scopes })

const PRINCIPALS: Record<string, Principal> = {
  'member, no role': member({}),
  'viewer in production': member({ production: 'viewer' }),
  'editor in development': member({ development: 'editor', production: 'viewer' }),
  'editor in both': member({ development: 'editor', production: 'editor' }),
  admin: member({}, true),
  'token read': token('read'),
  'token kill': token('kill'),
  'token write:development': token('write:development'),
  'token write:development write:production': token('write:development', 'write:production'),
  'token admin': token('admin'),
}

const ACTIONS: Record<string, Action> = {
  read: { kind: 'read' },
  'kill dev': { kind: 'kill', environment: 'development' },
  'kill prod': { kind: 'kill', environment: 'production' },
  'write dev': { kind: 'write', environment: 'development' },
  'write prod': { kind: 'write', environment: 'production' },
  define: { kind: 'define' },
  archive: { kind: 'archive' },
  admin: { kind: 'admin' },
}

/**
 * The permission table: `y` allowed, `-` refused. `kill` is switching a flag off (the andon
 * cord), `write` anything else in the environment, `define` a flag's shared definition,
 * `archive` a flag everywhere, `admin` environments, keys and others' tokens.
 */
const TABLE = `
  principal                                  | read | kill dev | kill prod | write dev | write prod | define | archive | admin
  member, no role                            |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  viewer in production                       |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  editor in development                      |  y   |    y     |     y     |     y     |     -      |   y    |    -    |   -
  editor in both                             |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   -
  admin                                      |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   y
  token read                                 |  y   |    -     |     -     |     -     |     -      |   -    |    -    |   -
  token kill                                 |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  token write:development                    |  y   |    y     |     -     |     y     |     -      |   y    |    -    |   -
  token write:development write:production   |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   -
  token admin                                |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   y
`

function cells(table: string) {
  const [head, ...rows] = table
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
  const actions = (head as string[]).slice(1)
  return rows.flatMap(([principal, ...marks]) =>
    marks.map((mark, i) => ({
      principal: principal as string,
      action: actions[i] as string,
      allowed: mark === 'y',
    })),
  )
}

describe('the permission table', () => {
  it.each(cells(TABLE))(
    '$principal, $action: allowed $allowed',
    ({ principal, action, allowed }) => {
      const who = PRINCIPALS[principal]
      const what = ACTIONS[action]
      if (who === undefined || what === undefined) throw new Error(`${principal}, ${action}?`)
      expect(check(who, what, ENVIRONMENTS) === undefined).toBe(allowed)
    },
  )

  it('covers every principal and action it names', () => {
    const all = cells(TABLE)
    expect(new Set(all.map((c) => c.principal))).toEqual(new Set(Object.keys(PRINCIPALS)))
    expect(new Set(all.map((c) => c.action))).toEqual(new Set(Object.keys(ACTIONS)))
  })
})

describe('refusals', () => {
  it('name the role and environment missing, and for a token the scope', () => {
    expect(check(member({ production: 'viewer' }), ACTIONS['write prod'] as Action)).toEqual({
      error: 'needs the editor role in production',
      needs: { role: 'editor', environment: 'production' },
    })
    expect(check(token('write:development'), ACTIONS['write prod'] as Action)).toEqual({
      error: 'needs the editor role in production',
      needs: { role: 'editor', environment: 'production', scope: 'write:production' },
    })
    expect(check(token('read'), ACTIONS['kill prod'] as Action)).toEqual({
      error: 'needs the kill scope or write:production to switch a flag off in production',
      needs: { role: 'viewer', environment: 'production', scope: 'kill' },
    })
    expect(check(token('kill'), { kind: 'admin' })).toEqual({
      error: 'needs the admin role',
      needs: { role: 'admin', scope: 'admin' },
    })
  })

  it('say which environment an archive lacks, and that define wants any one', () => {
    expect(check(token('write:development'), { kind: 'archive' }, ENVIRONMENTS)).toEqual({
      error: 'needs the editor role in every environment, production too',
      needs: {
        role: 'editor',
        environments: 'every',
        environment: 'production',
        scope: 'write:production',
      },
    })
    expect(check(member({ production: 'viewer' }), { kind: 'define' })).toEqual({
      error: 'needs the editor role in at least one environment',
      needs: { role: 'editor', environments: 'any' },
    })
  })

  it('refuses a token without scopes even reading', () => {
    expect(check(token(), { kind: 'read' })?.needs).toEqual({ role: 'viewer', scope: 'read' })
  })
})
