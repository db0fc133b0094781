import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { addMember, signIn } from '../testing/session-client.js'

let h: Harness
const PASSWORD = 'correct horse battery'

beforeEach(async () => {
  h = await createHarness()
  await addMember(h, {
    email: 'Ada@Example.com',
    password: PASSWORD,
    roles: { development: 'editor' },
  })
})

const ada = () => signIn(h, { email: 'ada@example.com', password: PASSWORD })

describe('signing in with a password', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie and answers who and the CSRF token', async () => {
    const res = await h.call('POST', '/api/v1/session', {
      token: null,
      body: { email: 'ADA@example.com', password: PASSWORD },
    })
    expect(res.status).toBe(201)
    const cookie = res.headers.get('Set-Cookie') ?? ''
    expect(cookie).toMatch(/^andon_session=[\w-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).toContain('Max-Age=43200')
    expect(res.json).toMatchObject({
      me: { kind: 'member', name: 'Ada@Example.com', email: 'ada@example.com', admin: false },
      expiresAt: h.clock.now + 12 * 3_600_000,
    })
    expect(res.json.me.roles).toEqual({ development: 'editor' })
    expect(res.json.csrfToken).toMatch(/^[\w-]{32}$/)
    // The cookie's secret is not what the database keeps.
    const rows = await h.query('select digest from sessions')
    expect(rows).toHaveLength(1)
    expect(cookie).not.toContain(String(rows[0]?.digest))
  })

  it('refuses a wrong password and an unknown email alike, and limits the guesses', async () => {
    const wrong = await signIn(h, { email: 'ada@example.com', password: 'wrong password!' })
    const unknown = await signIn(h, { email: 'eve@example.com', password: PASSWORD })
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.cookie).toBe('')
    for (let i = 0; i < 25; i++) {
      await h.call('POST', '/api/v1/session', {
        token: null,
        body: { email: 'ada@example.com', password: `guess number ${i}` },
        source: '203.0.113.9',
      })
    }
    const limited = await h.call('POST', '/api/v1/session', {
      token: null,
      body: { email: 'ada@example.com', password: PASSWORD },
      source: '203.0.113.9',
    })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/)
    // Another source is not locked out.
    expect((await ada()).status).toBe(201)
  })

  it('answers 422 with the issues for a bad body', async () => {
    const res = await h.call('POST', '/api/v1/session', { token: null, body: { email: 'x' } })
    expect(res.status).toBe(422)
    expect(res.json.issues.length).toBeGreaterThan(0)
  })

  it('refuses a sign-in posted from another site', async () => {
    const res = await h.call('POST', '/api/v1/session', {
      token: null,
      body: { email: 'ada@example.com', password: PASSWORD },
      headers: { Origin: 'https://evil.example', Host: 'andon.example' },
    })
    expect(res.status).toBe(403)
    expect(res.json.error).toMatch(/CSRF/)
  })
})

describe('a session', () => {
  it('reads with the cookie alone and writes only with the CSRF token', async () => {
    const s = await ada()
    expect((await s.call('GET', '/api/v1/flags')).status).toBe(200)
    expect((await s.call('GET', '/api/v1/session')).json.me.email).toBe('ada@example.com')
    const body = { key: 'new-checkout' }
    const without = await s.call('POST', '/api/v1/flags', { body, csrf: false })
    expect(without.status).toBe(403)
    expect(without.json.error).toBe('CSRF check failed: the X-CSRF-Token header is missing')
    const forged = await s.call('POST', '/api/v1/flags', {
      body,
      headers: { 'X-CSRF-Token': 'x'.repeat(32) },
    })
    expect(forged.status).toBe(403)
    const crossSite = await s.call('POST', '/api/v1/flags', {
      body,
      headers: { Origin: 'https://evil.example', Host: 'andon.example' },
    })
    expect(crossSite.status).toBe(403)
    const fetchMetadata = await s.call('POST', '/api/v1/flags', {
      body,
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(fetchMetadata.status).toBe(403)
    expect((await h.call('GET', '/api/v1/flags/new-checkout')).status).toBe(404)
    const sameSite = await s.call('POST', '/api/v1/flags', {
      body,
      headers: { Origin: 'https://andon.example', Host: 'andon.example' },
    })
    expect(sameSite.status).toBe(201)
    // The audit log names the person.
    const audit = await h.call('GET', '/api/v1/audit?flag=new-checkout')
    expect(audit.json.entries[0]).toMatchObject({ actor: 'Ada@Example.com', actorKind: 'member' })
  })

  it('refuses a forged cookie with 401 and takes the cookie away', async () => {
    const res = await h.call('GET', '/api/v1/flags', {
      token: null,
      headers: { Cookie: 'andon_session=forged-forged-forged-forged-forged-forged-aaa' },
    })
    expect(res.status).toBe(401)
    expect(res.json.error).toBe('the session ended or expired: sign in again')
    expect(res.headers.get('Set-Cookie')).toMatch(/^andon_session=;.*Max-Age=0/)
  })

  it('ends at sign-out, at its expiry, and when an admin ends it', async () => {
    const out = await ada()
    expect((await out.call('DELETE', '/api/v1/session')).status).toBe(204)
    expect((await out.call('GET', '/api/v1/flags')).status).toBe(401)

    const expiring = await ada()
    h.clock.now += 12 * 3_600_000 - 1
    expect((await expiring.call('GET', '/api/v1/flags')).status).toBe(200)
    h.clock.now += 1
    expect((await expiring.call('GET', '/api/v1/flags')).status).toBe(401)
    // A new sign-in clears the sessions past their time away.
    expect(await h.query('select id from sessions')).toHaveLength(1)
    await ada()
    expect(await h.query('select id from sessions')).toHaveLength(1)

    const [one, two] = [await ada(), await ada()]
    const member = (await h.call('GET', '/api/v1/members')).json.members[0]
    expect((await h.call('DELETE', `/api/v1/members/${member.id}/sessions`)).status).toBe(204)
    expect((await one.call('GET', '/api/v1/flags')).status).toBe(401)
    expect((await two.call('GET', '/api/v1/flags')).status).toBe(401)
    const audit = await h.call('GET', '/api/v1/audit')
    expect(audit.json.entries[0]).toMatchObject({ action: 'member.sessions-end', actor: 'admin' })
  })

  it('follows a role change from the next request, and the andon cord stays with everyone', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'checkout' } })
    const s = await ada()
    const path = '/api/v1/flags/checkout/environments/development'
    expect((await s.call('PATCH', path, { body: { enabled: true } })).status).toBe(200)
    const id = (await h.call('GET', '/api/v1/members')).json.members[0].id
    await h.call('PATCH', `/api/v1/members/${id}`, { body: { roles: { development: 'viewer' } } })
    const refused = await s.call('PATCH', path, { body: { enabled: true, comment: 'again' } })
    expect(refused.status).toBe(403)
    expect(refused.json).toEqual({
      error: 'needs the editor role in development',
      needs: { role: 'editor', environment: 'development' },
    })
    const prod = '/api/v1/flags/checkout/environments/production'
    expect((await s.call('PATCH', prod, { body: { enabled: false } })).status).toBe(200)
    expect((await s.call('PATCH', prod, { body: { enabled: true } })).status).toBe(403)
    await h.call('DELETE', `/api/v1/members/${id}`)
    expect((await s.call('GET', '/api/v1/flags')).status).toBe(401)
  })
})

describe('signing in with a token', () => {
  it('makes a session that acts as the token and ends when it is revoked', async () => {
    const made = await h.call('POST', '/api/v1/tokens', {
      body: { name: 'ops', scopes: ['admin'] },
    })
    const s = await signIn(h, { token: made.json.token })
    expect(s.status).toBe(201)
    expect((await s.call('GET', '/api/v1/session')).json.me).toMatchObject({
      kind: 'token',
      name: 'ops',
      admin: true,
    })
    expect((await s.call('GET', '/api/v1/members')).status).toBe(200)
    expect((await h.call('DELETE', `/api/v1/tokens/${made.json.id}`)).status).toBe(204)
    const after = await s.call('GET', '/api/v1/flags')
    expect(after.status).toBe(401)
    expect(after.json.error).toBe('the token this session was made with was revoked')
    expect((await signIn(h, { token: 'adm_unknown' })).status).toBe(401)
    expect((await signIn(h, { token: h.key('development', 'server') })).status).toBe(401)
  })
})

describe('personal tokens', () => {
  it('can do no more than their owner', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'checkout' } })
    const s = await ada()
    const made = await s.call('POST', '/api/v1/tokens', {
      body: {
        name: 'my laptop',
        type: 'personal',
        scopes: ['write:development', 'write:production'],
      },
    })
    expect(made.status).toBe(201)
    expect(made.json.owner).toMatch(/^member:\d+$/)
    const token = made.json.token as string
    const body = { enabled: true }
    const dev = '/api/v1/flags/checkout/environments/development'
    const prod = '/api/v1/flags/checkout/environments/production'
    expect((await h.call('PATCH', dev, { token, body })).status).toBe(200)
    const refused = await h.call('PATCH', prod, { token, body })
    expect(refused.status).toBe(403)
    expect(refused.json.error).toBe(
      "the token's owner Ada@Example.com needs the editor role in production",
    )
    // A member makes no service tokens, and sees only their own.
    const service = await s.call('POST', '/api/v1/tokens', {
      body: { name: 'ci', type: 'service', scopes: ['read'] },
    })
    expect(service.status).toBe(403)
    const mine = (await s.call('GET', '/api/v1/tokens')).json.tokens as { name: string }[]
    expect(mine.map((t) => t.name)).toEqual(['my laptop'])
  })
})
