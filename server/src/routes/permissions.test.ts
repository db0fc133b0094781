/**
 * The permission table through the real app: tokens of each scope, made with `POST
 * /api/v1/tokens`, and members of each role, signed in with a password (a session cookie and
 * its CSRF token), against the routes that do each action.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { addMember, signIn } from '../testing/session-client.js'

let h: Harness
let n = 0

beforeEach(async () => {
  h = await createHarness()
})

async function tokenWith(...scopes: string[]): Promise<string> {
  const res = await h.call('POST', '/api/v1/tokens', { body: { name: `t${++n}`, scopes } })
  expect(res.status).toBe(201)
  return res.json.token as string
}

/** A fresh flag, on in both environments: something to switch off, change, archive. */
async function flag(): Promise<string> {
  const key = `f${++n}`
  expect((await h.call('POST', '/api/v1/flags', { body: { key } })).status).toBe(201)
  for (const env of ['development', 'production']) {
    const on = await h.call('PATCH', `/api/v1/flags/${key}/environments/${env}`, {
      body: { enabled: true },
    })
    expect(on.status).toBe(200)
  }
  return key
}

const config = (key: string, env: string) => `/api/v1/flags/${key}/environments/${env}`

/** A request as someone: a token, or a member's session. */
type Caller = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: unknown }>

const withToken =
  (token: string): Caller =>
  (method, path, body) =>
    h.call(method, path, { token, body })

/** Each action as one request; the status it answers when allowed. */
const ACTIONS: Record<string, (as: Caller) => Promise<{ status: number; json: unknown }>> = {
  read: (as) => as('GET', '/api/v1/flags'),
  'kill dev': async (as) => as('PATCH', config(await flag(), 'development'), { enabled: false }),
  'kill prod': async (as) =>
    as('PATCH', config(await flag(), 'production'), {
      enabled: false,
      comment: 'stop the line',
    }),
  'write dev': async (as) => as('PATCH', config(await flag(), 'development'), { offVariation: 1 }),
  'write prod': async (as) => as('PATCH', config(await flag(), 'production'), { offVariation: 1 }),
  define: (as) => as('POST', '/api/v1/flags', { key: `d${++n}` }),
  archive: async (as) => as('DELETE', `/api/v1/flags/${await flag()}`),
  admin: (as) => as('PATCH', '/api/v1/environments/development', { name: `Dev ${++n}` }),
}

/** As in the closing note of issue 18: `y` allowed, `-` refused with 403. */
const TABLE = `
  scopes                                | read | kill dev | kill prod | write dev | write prod | define | archive | admin
  read                                  |  y   |    -     |     -     |     -     |     -      |   -    |    -    |   -
  kill                                  |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  write:development                     |  y   |    y     |     -     |     y     |     -      |   y    |    -    |   -
  write:development write:production    |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   -
  admin                                 |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   y
`

/** The same for members, signed in: `-` is none, `v` viewer, `e` editor, per environment. */
const MEMBER_TABLE = `
  development production admin          | read | kill dev | kill prod | write dev | write prod | define | archive | admin
  - - no                                |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  v v no                                |  y   |    y     |     y     |     -     |     -      |   -    |    -    |   -
  e v no                                |  y   |    y     |     y     |     y     |     -      |   y    |    -    |   -
  e e no                                |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   -
  - - yes                               |  y   |    y     |     y     |     y     |     y      |   y    |    y    |   y
`

const parse = (table: string) => {
  const [head, ...lines] = table
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
  const actions = (head as string[]).slice(1)
  return lines.map(([scopes, ...marks]) => ({
    scopes: scopes as string,
    expected: Object.fromEntries(actions.map((a, i) => [a, marks[i] === 'y'])),
  }))
}
const rows = parse(TABLE)
const memberRows = parse(MEMBER_TABLE)

async function seen(as: Caller) {
  const allowed: Record<string, boolean> = {}
  for (const [action, act] of Object.entries(ACTIONS)) {
    const res = await act(as)
    expect([200, 201, 204, 403], `${action}: ${JSON.stringify(res.json)}`).toContain(res.status)
    if (res.status === 403) expect(res.json).toHaveProperty('needs')
    allowed[action] = res.status !== 403
  }
  return allowed
}

const ROLE = { '-': undefined, v: 'viewer', e: 'editor' } as const

describe('the permission table, through the app', () => {
  it.each(rows)('a token of $scopes', async ({ scopes, expected }) => {
    const token = await tokenWith(...scopes.split(' '))
    expect(await seen(withToken(token))).toEqual(expected)
  })

  it.each(memberRows)('a member (development, production, admin): $scopes', async (row) => {
    const [dev, prod, admin] = row.scopes.split(' ') as ['-' | 'v' | 'e', '-' | 'v' | 'e', string]
    const roles = Object.fromEntries(
      [
        ['development', ROLE[dev]],
        ['production', ROLE[prod]],
      ].filter(([, role]) => role !== undefined),
    )
    const email = `m${++n}@example.com`
    const password = 'a long passphrase'
    await addMember(h, { email, password, roles, admin: admin === 'yes' })
    const session = await signIn(h, { email, password })
    const as: Caller = (method, path, body) => session.call(method, path, { body })
    expect(await seen(as)).toEqual(row.expected)
  })
})

describe('refusals and the andon cord', () => {
  it('answers 403 naming the role, environment and scope missing, and changes nothing', async () => {
    const key = await flag()
    const token = await tokenWith('write:development')
    const res = await h.call('PATCH', config(key, 'production'), {
      token,
      body: { enabled: true, rules: [] },
    })
    expect(res.status).toBe(403)
    expect(res.json).toEqual({
      error: 'needs the editor role in production',
      needs: { role: 'editor', environment: 'production', scope: 'write:production' },
    })
    const audit = await h.call('GET', `/api/v1/audit?flag=${key}&environment=production&limit=5`)
    expect(audit.json.entries.map((e: { actor: string }) => e.actor)).toEqual(['admin'])
  })

  it('takes switching off and anything more as a write, not a kill', async () => {
    const key = await flag()
    const token = await tokenWith('kill')
    const more = await h.call('PATCH', config(key, 'production'), {
      token,
      body: { enabled: false, offVariation: 0 },
    })
    expect(more.status).toBe(403)
    const on = await h.call('PATCH', config(key, 'production'), { token, body: { enabled: true } })
    expect(on.status).toBe(403)
    const off = await h.call('PATCH', config(key, 'production'), {
      token,
      body: { enabled: false },
    })
    expect(off.status).toBe(200)
    expect(off.json.enabled).toBe(false)
  })

  it('leaves release plans to writers: aborting one keeps its split, it switches nothing off', async () => {
    const key = await flag()
    const release = `${config(key, 'production')}/release`
    const token = await tokenWith('kill')
    const plan = { variation: 1, template: 'standard' }
    expect((await h.call('POST', release, { token, body: plan })).status).toBe(403)
    expect((await h.call('POST', release, { body: plan })).status).toBe(201)
    const abort = await h.call('POST', `${release}/control`, { token, body: { action: 'abort' } })
    expect(abort.status).toBe(403)
    // The andon cord is switching the flag off: that a kill token may do.
    const off = await h.call('PATCH', config(key, 'production'), {
      token,
      body: { enabled: false },
    })
    expect(off.status).toBe(200)
  })

  it("keeps a token's segment writes to its environments", async () => {
    const token = await tokenWith('write:development')
    const body = { key: 'beta' }
    const dev = await h.call('POST', '/api/v1/environments/development/segments', { token, body })
    expect(dev.status).toBe(201)
    const prod = await h.call('POST', '/api/v1/environments/production/segments', { token, body })
    expect(prod.status).toBe(403)
    expect(prod.json.needs).toEqual({
      role: 'editor',
      environment: 'production',
      scope: 'write:production',
    })
  })

  it('refuses SDK keys, tokens and environments to all but admins', async () => {
    const token = await tokenWith('write:development', 'write:production')
    for (const [method, path, body] of [
      ['GET', '/api/v1/environments/production/keys', undefined],
      ['POST', '/api/v1/environments/production/keys', { kind: 'server', name: 'x' }],
      ['POST', '/api/v1/environments', { key: 'qa' }],
      ['POST', '/api/v1/tokens', { name: 'more', scopes: ['admin'] }],
    ] as const) {
      const res = await h.call(method, path, { token, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json).toEqual({
        error: 'needs the admin role',
        needs: { role: 'admin', scope: 'admin' },
      })
    }
  })
})
