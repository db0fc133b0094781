/**
 * Trust, against the real server over loopback, where every 127.x.y.z address is another
 * source: one source's failures never refuse valid keys nor other sources, a preflight storm is
 * no failure, every 429 says when to retry, and X-Forwarded-For counts only from trusted proxies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { closeRawConnections, rawRequest } from '../support/raw-http.js'

let plain: AndonServer
let proxied: AndonServer

beforeAll(async () => {
  ;[plain, proxied] = await Promise.all([
    startAndonServer(),
    startAndonServer({ env: { ANDON_TRUSTED_PROXIES: '127.0.0.5, 127.0.1.0/24' } }),
  ])
})

afterAll(async () => {
  closeRawConnections()
  await Promise.all([plain?.stop(), proxied?.stop()])
})

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** The status of a request from `from` with `token` (and more headers). */
async function statusOf(
  server: AndonServer,
  from: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
) {
  return (await rawRequest(server.url, { path, method, headers, localAddress: from })).status
}

/** 21 wrong guesses from one source: the last one that still gets a 401. */
async function failTwentyOneTimes(server: AndonServer, from: string, extra = {}) {
  for (let i = 0; i < 21; i++) {
    const status = await statusOf(server, from, '/api/v1/flags', {
      ...bearer(`adm_wrong${i}`),
      ...extra,
    })
    expect(status).toBe(401)
  }
}

describe('failed logins, per source', () => {
  it('limit the failing source with 429 and Retry-After, and only its failures', async () => {
    await failTwentyOneTimes(plain, '127.0.0.2')
    const limited = await rawRequest(plain.url, {
      path: '/sdk/v1/flags',
      headers: bearer('srv_wrong'),
      localAddress: '127.0.0.2',
    })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
    // No key at all is a failure too.
    expect(await statusOf(plain, '127.0.0.2', '/api/v1/flags', {})).toBe(429)

    // Valid keys from the limited source still work, admin and SDK alike.
    const { admin, keys } = plain.secrets
    expect(await statusOf(plain, '127.0.0.2', '/api/v1/flags', bearer(admin))).toBe(200)
    const server = keys['production server'] as string
    const client = keys['production client'] as string
    expect(await statusOf(plain, '127.0.0.2', '/sdk/v1/flags', bearer(server))).toBe(200)
    expect(await statusOf(plain, '127.0.0.2', `/sdk/v1/flags?key=${client}`, {})).toBe(200)

    // Another source is not limited at all.
    expect(await statusOf(plain, '127.0.0.3', '/api/v1/flags', bearer('adm_wrong'))).toBe(401)
  })

  it('never count CORS preflights, on SDK and admin routes alike', async () => {
    const preflight = {
      Origin: 'https://shop.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    }
    for (let i = 0; i < 60; i++) {
      expect(await statusOf(plain, '127.0.0.4', '/sdk/v1/flags', preflight, 'OPTIONS')).toBe(204)
      expect(await statusOf(plain, '127.0.0.4', '/sdk/v1/events', preflight, 'OPTIONS')).toBe(204)
      const admin = await statusOf(plain, '127.0.0.4', '/api/v1/flags', preflight, 'OPTIONS')
      expect(admin).toBe(401)
    }
    expect(await statusOf(plain, '127.0.0.4', '/api/v1/flags', bearer('adm_wrong'))).toBe(401)
  })
})

describe('X-Forwarded-For', () => {
  it('is ignored without ANDON_TRUSTED_PROXIES: the peer is the source', async () => {
    for (let i = 0; i < 21; i++) {
      const xff = { 'X-Forwarded-For': `198.51.100.${i}` }
      const status = await statusOf(plain, '127.0.0.6', '/api/v1/flags', {
        ...bearer('adm_wrong'),
        ...xff,
      })
      expect(status).toBe(401)
    }
    const fresh = { ...bearer('adm_wrong'), 'X-Forwarded-For': '198.51.100.200' }
    expect(await statusOf(plain, '127.0.0.6', '/api/v1/flags', fresh)).toBe(429)
  })

  it('names the source when a trusted proxy sends it, the right-most untrusted hop', async () => {
    const via = (client: string) => ({ 'X-Forwarded-For': `203.0.113.77, ${client}` })
    await failTwentyOneTimes(proxied, '127.0.0.5', via('192.0.2.1'))
    const wrong = bearer('adm_wrong')
    // The client behind the proxy is limited, the proxy's other clients are not, ...
    expect(
      await statusOf(proxied, '127.0.0.5', '/api/v1/flags', { ...wrong, ...via('192.0.2.1') }),
    ).toBe(429)
    expect(
      await statusOf(proxied, '127.0.0.5', '/api/v1/flags', { ...wrong, ...via('192.0.2.2') }),
    ).toBe(401)
    // ... nor is the proxy itself, nor a client that a second trusted hop forwarded.
    expect(await statusOf(proxied, '127.0.0.5', '/api/v1/flags', wrong)).toBe(401)
    const twoHops = { ...wrong, 'X-Forwarded-For': '192.0.2.1, 127.0.1.9' }
    expect(await statusOf(proxied, '127.0.0.5', '/api/v1/flags', twoHops)).toBe(429)
    // A peer that is not a trusted proxy can not pose as the limited client, nor escape its limit.
    const posing = { ...wrong, 'X-Forwarded-For': '192.0.2.1' }
    expect(await statusOf(proxied, '127.0.0.7', '/api/v1/flags', posing)).toBe(401)
  })
})
