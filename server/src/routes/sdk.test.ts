import { gunzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
  await h.call('POST', '/api/v1/flags', { body: { key: 'web-banner', clientSide: true } })
  await h.call('POST', '/api/v1/flags', { body: { key: 'billing-engine' } })
  for (const key of ['beta', 'internal']) {
    await h.call('POST', '/api/v1/environments/production/segments', {
      body: { key, included: [`${key}-user`] },
    })
  }
  const segmentRule = (segment: string) => ({
    rules: [
      {
        id: 'r',
        clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segment] }],
        serve: { variation: 1 },
      },
    ],
  })
  await h.call('PATCH', '/api/v1/flags/web-banner/environments/production', {
    body: segmentRule('beta'),
  })
  await h.call('PATCH', '/api/v1/flags/billing-engine/environments/production', {
    body: segmentRule('internal'),
  })
})

describe('GET /sdk/v1/flags', () => {
  it('gives a server key the whole payload of its environment', async () => {
    const res = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ schemaVersion: 1, environment: 'production' })
    expect(Object.keys(res.json.flags).sort()).toEqual(['billing-engine', 'web-banner'])
    expect(Object.keys(res.json.segments).sort()).toEqual(['beta', 'internal'])
  })

  it('gives admin tokens the same whole payload at /api/v1/environments/:env/payload', async () => {
    const sdk = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })
    const admin = await h.call('GET', '/api/v1/environments/production/payload')
    expect(admin.text).toBe(sdk.text)
    expect((await h.call('GET', '/api/v1/environments/nowhere/payload')).status).toBe(404)
  })

  it('gives a client key only client-side flags and the segments they use', async () => {
    const res = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'client') })
    expect(Object.keys(res.json.flags)).toEqual(['web-banner'])
    expect(Object.keys(res.json.segments)).toEqual(['beta'])
    expect(res.text).not.toContain('internal')
    expect(res.text).not.toContain('billing')
  })

  it('sends the environment version as ETag and answers a matching If-None-Match with 304', async () => {
    const token = h.key('production', 'server')
    const first = await h.call('GET', '/sdk/v1/flags', { token })
    const tag = first.headers.get('ETag') as string
    expect(tag).toBe(`"${first.json.version}"`)
    const again = await h.call('GET', '/sdk/v1/flags', { token, headers: { 'If-None-Match': tag } })
    expect(again.status).toBe(304)
    await h.call('PATCH', '/api/v1/flags/web-banner/environments/production', {
      body: { enabled: true },
    })
    const changed = await h.call('GET', '/sdk/v1/flags', {
      token,
      headers: { 'If-None-Match': tag },
    })
    expect(changed.status).toBe(200)
    expect(changed.json.version).toBe(first.json.version + 1)
    expect(changed.json.flags['web-banner'].enabled).toBe(true)
  })

  it('gzips the payload for a client that accepts it', async () => {
    const token = h.key('production', 'server')
    const plain = await h.call('GET', '/sdk/v1/flags', { token })
    const res = await h.app.request('/sdk/v1/flags', {
      headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip, br' },
    })
    expect(res.headers.get('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(plain.text)
    expect(plain.headers.get('Content-Encoding')).toBeNull()
  })

  it('answers CORS for any origin on SDK routes and not on admin routes', async () => {
    const origin = { Origin: 'https://shop.example' }
    const sdk = await h.call('GET', '/sdk/v1/flags', {
      token: h.key('production', 'client'),
      headers: origin,
    })
    expect(sdk.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const preflight = await h.app.request('/sdk/v1/flags', {
      method: 'OPTIONS',
      headers: { ...origin, 'Access-Control-Request-Method': 'GET' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain('Authorization')
    const admin = await h.call('GET', '/api/v1/flags', { headers: origin })
    expect(admin.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})
