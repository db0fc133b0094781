import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

const create = (body: unknown, token?: string) => h.call('POST', '/api/v1/tokens', { body, token })
const list = async (token?: string) =>
  (await h.call('GET', '/api/v1/tokens', { token })).json.tokens as {
    id: number
    name: string
    scopes: string[]
    lastUsedAt: number | null
    revokedAt: number | null
  }[]

describe('tokens', () => {
  it('shows a new token once, lists it without its secret, and lets it do what it may', async () => {
    const res = await create({ name: 'ci-pipeline', scopes: ['read', 'write:development'] })
    expect(res.status).toBe(201)
    const secret = res.json.token as string
    expect(secret).toMatch(/^tok_[\w-]{32}$/)
    expect(res.json).toMatchObject({
      name: 'ci-pipeline',
      type: 'service',
      scopes: ['read', 'write:development'],
      owner: null,
      createdAt: h.clock.now,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    })
    const listed = await list()
    expect(listed.map((t) => [t.name, t.scopes])).toEqual([
      ['admin', ['admin']],
      ['ci-pipeline', ['read', 'write:development']],
    ])
    expect(JSON.stringify(listed)).not.toContain(secret)
    expect((await h.call('GET', '/api/v1/flags', { token: secret })).status).toBe(200)
    const created = await h.call('POST', '/api/v1/flags', { token: secret, body: { key: 'x' } })
    expect(created.status).toBe(201)
  })

  it('answers 422 with the issues for bad bodies, unknown environments and past expiries', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ name: 'a', scopes: [] }, ['scopes']],
      [{ name: 'a', scopes: ['root'] }, ['scopes', 0]],
      [{ name: 'a', scopes: ['write:'] }, ['scopes', 0]],
      [{ name: 'a', scopes: ['read', 'read'] }, ['scopes']],
      [{ name: 'a', scopes: ['read'], type: 'robot' }, ['type']],
      [{ name: 'a', scopes: ['read'], owner: 'member:1' }, []],
      [{ name: 'a', scopes: ['write:staging'] }, ['scopes', 0]],
      [{ name: 'a', scopes: ['read'], expiresAt: h.clock.now }, ['expiresAt']],
    ]
    for (const [body, path] of cases) {
      const res = await create(body)
      expect(res.status, JSON.stringify(body)).toBe(422)
      expect(res.json.issues[0].path, JSON.stringify(body)).toEqual(path)
    }
    expect((await list()).length).toBe(1)
  })

  it('refuses an expired token with 401 saying so', async () => {
    const res = await create({ name: 'short', scopes: ['read'], expiresAt: h.clock.now + 60_000 })
    const token = res.json.token as string
    expect((await h.call('GET', '/api/v1/flags', { token })).status).toBe(200)
    h.clock.now += 60_000
    const expired = await h.call('GET', '/api/v1/flags', { token })
    expect(expired.status).toBe(401)
    expect(expired.json).toEqual({ error: 'the token expired' })
    expect(expired.headers.get('WWW-Authenticate')).toContain('invalid_token')
  })

  it('refuses a revoked token on its next request, and answers 404 for unknown ones', async () => {
    const res = await create({ name: 'leaked', scopes: ['admin'] })
    const token = res.json.token as string
    expect((await h.call('GET', '/api/v1/flags', { token })).status).toBe(200)
    expect((await h.call('DELETE', `/api/v1/tokens/${res.json.id}`)).status).toBe(204)
    const refused = await h.call('GET', '/api/v1/flags', { token })
    expect(refused.status).toBe(401)
    expect(refused.json).toEqual({ error: 'missing or unknown key' })
    expect((await h.call('DELETE', `/api/v1/tokens/${res.json.id}`)).status).toBe(404)
    expect((await h.call('DELETE', '/api/v1/tokens/9999')).status).toBe(404)
    // An SDK key is no token.
    const keys = await h.call('GET', '/api/v1/environments/production/keys')
    expect((await h.call('DELETE', `/api/v1/tokens/${keys.json.keys[0].id}`)).status).toBe(404)
    expect((await list()).find((t) => t.name === 'leaked')?.revokedAt).toBe(h.clock.now)
  })

  it('never revokes the last token that may do everything', async () => {
    const [first] = await list()
    const res = await h.call('DELETE', `/api/v1/tokens/${first?.id}`)
    expect(res.status).toBe(409)
    const other = await create({ name: 'second admin', scopes: ['admin'] })
    expect((await h.call('DELETE', `/api/v1/tokens/${first?.id}`)).status).toBe(204)
    expect((await h.call('GET', '/api/v1/flags')).status).toBe(401)
    const second = other.json.token as string
    expect(
      (await h.call('DELETE', `/api/v1/tokens/${other.json.id}`, { token: second })).status,
    ).toBe(409)
  })

  it("shows a token that is no admin only itself, and lets it revoke itself but no other's", async () => {
    const ci = await create({ name: 'ci', scopes: ['write:development'] })
    const token = ci.json.token as string
    expect((await list(token)).map((t) => t.name)).toEqual(['ci'])
    const [admin] = await list()
    const refused = await h.call('DELETE', `/api/v1/tokens/${admin?.id}`, { token })
    expect(refused.status).toBe(403)
    expect(refused.json.needs).toEqual({ role: 'admin', scope: 'admin' })
    expect((await h.call('DELETE', '/api/v1/tokens/9999', { token })).status).toBe(403)
    expect((await h.call('DELETE', `/api/v1/tokens/${ci.json.id}`, { token })).status).toBe(204)
    expect((await h.call('GET', '/api/v1/flags', { token })).status).toBe(401)
  })

  it('records when a token was last used, at most once a minute', async () => {
    const res = await create({ name: 'cli', scopes: ['read'] })
    const token = res.json.token as string
    const lastUsed = async () => (await list()).find((t) => t.name === 'cli')?.lastUsedAt
    const first = h.clock.now
    await h.call('GET', '/api/v1/flags', { token })
    await vi.waitFor(async () => expect(await lastUsed()).toBe(first))
    h.clock.now += 30_000
    await h.call('GET', '/api/v1/flags', { token })
    h.clock.now += 29_000
    await h.call('GET', '/api/v1/flags', { token })
    // Time for a write that should not be: within the minute, nothing is written.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await lastUsed()).toBe(first)
    h.clock.now += 2_000
    await h.call('GET', '/api/v1/flags', { token })
    await vi.waitFor(async () => expect(await lastUsed()).toBe(first + 61_000))
  })

  it('audits creation and revocation under the name, kind and id of the token that did it', async () => {
    const [admin] = await list()
    const res = await create({ name: 'ci', scopes: ['read'] })
    await h.call('DELETE', `/api/v1/tokens/${res.json.id}`)
    const audit = await h.call('GET', '/api/v1/audit?limit=2')
    expect(
      audit.json.entries.map((e: Record<string, unknown>) => [
        e.action,
        e.targetKind,
        e.actor,
        e.actorKind,
        e.actorId,
      ]),
    ).toEqual([
      ['token.revoke', 'token', 'admin', 'token', String(admin?.id)],
      ['token.create', 'token', 'admin', 'token', String(admin?.id)],
    ])
    expect(JSON.stringify(audit.json)).not.toContain(res.json.token)
  })
})
