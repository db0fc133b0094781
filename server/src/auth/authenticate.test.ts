import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

describe('authentication', () => {
  it('answers 401 without a key and with an unknown one', async () => {
    expect((await h.call('GET', '/api/v1/flags', { token: null })).status).toBe(401)
    expect((await h.call('GET', '/api/v1/flags', { token: 'adm_nope' })).status).toBe(401)
    expect((await h.call('GET', '/sdk/v1/flags', { token: null })).status).toBe(401)
  })

  it('answers 403 to SDK keys on admin routes and to admin tokens on SDK routes', async () => {
    const server = h.key('production', 'server')
    const client = h.key('production', 'client')
    expect((await h.call('GET', '/api/v1/flags', { token: server })).status).toBe(403)
    expect((await h.call('GET', '/api/v1/flags', { token: client })).status).toBe(403)
    expect((await h.call('GET', '/sdk/v1/flags', { token: h.admin })).status).toBe(403)
  })

  it('takes a client key in ?key= but not a server key, which must not sit in URLs', async () => {
    const client = h.key('production', 'client')
    const server = h.key('production', 'server')
    expect((await h.call('GET', `/sdk/v1/flags?key=${client}`, { token: null })).status).toBe(200)
    expect((await h.call('GET', `/sdk/v1/flags?key=${server}`, { token: null })).status).toBe(403)
  })

  it('answers 429 to failures past 20 a minute from one source, then lets it fail with 401', async () => {
    for (let i = 0; i < 21; i++) {
      expect((await h.call('GET', '/api/v1/flags', { token: `adm_guess${i}` })).status).toBe(401)
    }
    const limited = await h.call('GET', '/api/v1/flags', { token: 'adm_guess' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect((await h.call('GET', '/sdk/v1/flags', { token: null })).status).toBe(429)
    h.clock.now += 61_000
    expect((await h.call('GET', '/api/v1/flags', { token: 'adm_guess' })).status).toBe(401)
  })

  it('takes valid keys from a source past its limit: others may share its address', async () => {
    for (let i = 0; i < 30; i++) await h.call('GET', '/api/v1/flags', { token: `adm_guess${i}` })
    expect((await h.call('GET', '/api/v1/flags', { token: 'adm_guess' })).status).toBe(429)
    expect((await h.call('GET', '/api/v1/flags')).status).toBe(200)
    const server = h.key('production', 'server')
    expect((await h.call('GET', '/sdk/v1/flags', { token: server })).status).toBe(200)
    // A valid key of the wrong kind is a 403, not a failure and not a 429.
    expect((await h.call('GET', '/api/v1/flags', { token: server })).status).toBe(403)
  })

  it('never counts a CORS preflight as a failure', async () => {
    for (let i = 0; i < 50; i++) {
      const preflight = await h.call('OPTIONS', '/api/v1/flags', {
        token: null,
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' },
      })
      expect(preflight.status).toBe(401)
    }
    expect((await h.call('GET', '/api/v1/flags', { token: 'adm_guess' })).status).toBe(401)
  })

  it('stops accepting a key once revoked', async () => {
    const created = await h.call('POST', '/api/v1/environments/production/keys', {
      body: { kind: 'server', name: 'ci' },
    })
    expect(created.status).toBe(201)
    expect(created.json.key).toMatch(/^srv_[A-Za-z0-9_-]{32}$/)
    const listed = await h.call('GET', '/api/v1/environments/production/keys')
    expect(JSON.stringify(listed.json)).not.toContain(created.json.key)
    expect(listed.json.keys.map((k: { name: string }) => k.name)).toContain('ci')
    expect((await h.call('GET', '/sdk/v1/flags', { token: created.json.key })).status).toBe(200)
    expect((await h.call('DELETE', `/api/v1/keys/${created.json.id}`)).status).toBe(204)
    expect((await h.call('GET', '/sdk/v1/flags', { token: created.json.key })).status).toBe(401)
    expect((await h.call('DELETE', `/api/v1/keys/${created.json.id}`)).status).toBe(404)
  })

  it('refuses to revoke the last admin token', async () => {
    const [admin] = await h.query("select id from api_keys where kind = 'admin'")
    const res = await h.call('DELETE', `/api/v1/keys/${admin?.id}`)
    expect(res.status).toBe(409)
    expect((await h.call('GET', '/api/v1/flags')).status).toBe(200)
  })

  it('stores only digests of keys', async () => {
    const created = await h.call('POST', '/api/v1/environments/development/keys', {
      body: { kind: 'client', name: 'web' },
    })
    const dump = JSON.stringify(await h.query('select * from api_keys'))
    expect(dump).not.toContain(created.json.key)
    expect(dump).not.toContain(h.admin)
  })
})
