import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { createHarness } from './testing/harness.js'

describe('operations endpoints', () => {
  it('answers /healthz', async () => {
    const h = await createHarness()
    expect(await (await h.app.request('/healthz')).json()).toEqual({ ok: true, database: h.kind })
  })

  it('exposes requests by route and status, latency, open streams and flags per environment', async () => {
    const h = await createHarness()
    await h.call('POST', '/api/v1/flags', { body: { key: 'counted' } })
    await h.call('GET', '/api/v1/flags/counted')
    await h.call('GET', '/api/v1/flags/nope')
    const text = await (await h.app.request('/metrics')).text()
    expect(text).toContain(
      'andon_http_requests_total{route="GET /api/v1/flags/:key",status="200"} 1',
    )
    expect(text).toContain(
      'andon_http_requests_total{route="GET /api/v1/flags/:key",status="404"} 1',
    )
    expect(text).toContain(
      'andon_http_request_duration_seconds_count{route="POST /api/v1/flags"} 1',
    )
    expect(text).toContain('andon_open_streams 0')
    expect(text).toContain('andon_flags{environment="production"} 1')
  })

  it('describes every admin and SDK route in /api/openapi.json', async () => {
    const h = await createHarness()
    const doc = await (await h.app.request('/api/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/flags/{key}/environments/{env}',
        '/api/v1/environments/{env}/evaluate',
        '/sdk/v1/stream',
      ]),
    )
    const body = doc.paths['/api/v1/flags'].post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['key'])
  })

  it('describes the guard routes, the events route and the Alertmanager hook', async () => {
    const h = await createHarness()
    const doc = await (await h.app.request('/api/openapi.json')).json()
    const guards = doc.paths['/api/v1/flags/{key}/environments/{env}/guards']
    expect(Object.keys(guards)).toEqual(['get', 'put'])
    const guard = guards.put.requestBody.content['application/json'].schema.items
    expect(guard.properties.kind.enum).toEqual(['rate', 'mean'])
    expect(doc.paths['/sdk/v1/events'].post.responses).toHaveProperty('202')
    expect(doc.paths['/hooks/v1/alertmanager'].post.security).toEqual([{ hook: [] }])
  })

  it('answers an unexpected error with a generic 500 and logs it', async () => {
    const h = await createHarness()
    const errors: unknown[] = []
    const failing = {
      ...h.store,
      listFlags: () => {
        throw new Error('disk on fire at /var/secret')
      },
    }
    const app = createApp({ store: failing, broker: h.broker, logError: (e) => errors.push(e) })
    const res = await app.request('/api/v1/flags', {
      headers: { Authorization: `Bearer ${h.admin}` },
    })
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('{"error":"internal error"}')
    expect(errors).toHaveLength(1)
  })
})

describe('the admin UI', () => {
  function built() {
    const dir = mkdtempSync(join(tmpdir(), 'andon-ui-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(join(dir, 'assets', 'app-123.js'), 'console.log(1)')
    return dir
  }

  it('serves its files with a CSP that forbids inline scripts, and index.html for its routes', async () => {
    const h = await createHarness({ uiDir: built() })
    const index = await h.app.request('/')
    expect(await index.text()).toContain('id="root"')
    expect(index.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
    expect(index.headers.get('Content-Security-Policy')).not.toContain("unsafe-inline'; script")
    expect(index.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(index.headers.get('Referrer-Policy')).toBe('no-referrer')
    const script = await h.app.request('/assets/app-123.js')
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(await (await h.app.request('/flags/new-checkout')).text()).toContain('id="root"')
    expect(await (await h.app.request('/..%2f..%2fetc/passwd')).text()).toContain('id="root"')
  })

  it('keeps API paths out of the fallback', async () => {
    const h = await createHarness({ uiDir: built() })
    const res = await h.app.request('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'not found' })
  })

  it('says how to build it when it is not built', async () => {
    const h = await createHarness({ uiDir: join(tmpdir(), 'andon-no-such-ui') })
    expect(await (await h.app.request('/')).text()).toContain('npm run build')
  })
})
