/**
 * Fuzzing the real server: a few thousand generated requests at every admin, SDK and hook route
 * (bodies derived from the routes' zod schemas, mostly valid so they reach the store, some with
 * a hostile value inside), then hostile shapes one by one: deep nesting, huge arrays, oversize
 * and chunked bodies, invalid UTF-8, prototype keys, odd headers. No answer may be a 5xx, none
 * may hang, and `/healthz` answers afterwards. The seed is fixed so a failure reproduces; set
 * ANDON_FUZZ_SEED to explore others.
 */
import { connect } from 'node:net'
import fc from 'fast-check'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventBatchSchema } from '@andon/core'
import * as schemas from '../../server/src/http/schemas.js'
import { alertmanagerBody, guardsBody } from '../../server/src/http/guard-schemas.js'
import { releaseControlBody, releasePlanBody } from '../../server/src/release/release-schemas.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { closeRawConnections, rawRequest, type RawRequest } from '../support/raw-http.js'
import { arbitraryOf, hostileValue } from '../support/schema-arbitrary.js'

const SEED = Number(process.env.ANDON_FUZZ_SEED ?? 20261202)
const PER_ROUTE = 90
const TIMEOUT_MS = 5_000

let server: AndonServer
let hookKey: string
/** Keys the fuzz must not revoke: those it authenticates with. */
const keptKeyIds = new Set<number>()

const FIXTURES = { flag: 'fz-flag', clientFlag: 'fz-client', segment: 'fz-seg' }
const KNOWN = ['production', 'development', ...Object.values(FIXTURES), 'conversion']

beforeAll(async () => {
  server = await startAndonServer()
  const hook = await server.admin<{ key: string }>('POST', '/api/v1/environments/production/keys', {
    kind: 'hook',
    name: 'fuzz hook',
  })
  hookKey = hook.key
  for (const env of ['production', 'development']) {
    const { keys } = await server.admin<{ keys: { id: number }[] }>(
      'GET',
      `/api/v1/environments/${env}/keys`,
    )
    for (const k of keys) keptKeyIds.add(k.id)
  }
  await server.admin('POST', '/api/v1/flags', { key: FIXTURES.flag, variations: [0, 1, 2] })
  await server.admin('POST', '/api/v1/flags', { key: FIXTURES.clientFlag, clientSide: true })
  await server.admin('POST', '/api/v1/environments/production/segments', {
    key: FIXTURES.segment,
    included: ['u1'],
  })
})

afterAll(async () => {
  closeRawConnections()
  await server?.stop()
})

// ---- what a request is made of ----------------------------------------------------------

type Auth = 'admin' | 'sdk' | 'hook' | 'none'

interface Route {
  method: string
  /** The route as app.ts names it, for the report. */
  name: string
  path: fc.Arbitrary<string>
  auth: Auth
  body?: z.ZodType
  headers?: fc.Arbitrary<Record<string, string>>
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** A path segment: usually one that exists, sometimes any key, sometimes hostile. */
const segment = (...known: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.stringMatching(KEY_RE) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
        fc.constantFrom('%ZZ', '%', '%00', '..', '%2e%2e', '%2F', 'a'.repeat(300), '%C0%AF', '%FF'),
      ),
    },
  )

const env = segment('production', 'development')
const flag = segment(FIXTURES.flag, FIXTURES.clientFlag)
/** Keys to delete: never the fixtures, so later requests still find them. */
const doomed = segment('fz-doomed', 'conversion')

const keyId = fc.oneof(
  fc
    .integer({ min: 1, max: 60 })
    .filter((id) => !keptKeyIds.has(id))
    .map(String),
  fc.constantFrom('0', '-1', '1.5', 'abc', '99999999999999999999', '1e3', '0x10'),
)

const ifMatch = fc.option(
  fc.oneof(
    fc.stringMatching(/^(W\/)?"?\d{1,20}"?$/),
    fc.constantFrom('*', '"abc"', 'W/"1"', '1, 2', '-1', '0x10', '1.5', ''),
  ),
  { nil: undefined },
)
const withIfMatch = ifMatch.map((v): Record<string, string> =>
  v === undefined ? {} : { 'If-Match': v },
)

const lastEventId = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom('', '-1', '1.5', 'abc', '999999999999999', '99999999999999999999999', ' 3 '),
)

const admin = (
  method: string,
  name: string,
  path: fc.Arbitrary<string>,
  extra: Partial<Route> = {},
): Route => ({
  method,
  name: `/api/v1${name}`,
  path: path.map((p) => `/api/v1${p}`),
  auth: 'admin',
  ...extra,
})
const tpl = (parts: TemplateStringsArray, ...args: fc.Arbitrary<string>[]) =>
  fc.tuple(...args).map((values) => parts.reduce((out, p, i) => out + (values[i - 1] ?? '') + p))

const auditQuery = fc.oneof(
  arbitraryOf(schemas.auditQuery, { keys: KNOWN }).map(
    (q) => '?' + new URLSearchParams(q as Record<string, string>).toString(),
  ),
  fc.constantFrom('?limit=-1', '?limit=abc&before=1e999', '?flag=%ZZ', '?before=0', '?limit='),
)

function routes(): Route[] {
  const seg = segment(FIXTURES.segment)
  return [
    admin('GET', '/environments', fc.constant('/environments')),
    admin('POST', '/environments', fc.constant('/environments'), {
      body: schemas.createEnvironmentBody,
    }),
    admin('PATCH', '/environments/:env', tpl`/environments/${env}`, {
      body: schemas.patchEnvironmentBody,
    }),
    admin('GET', '/environments/:env/keys', tpl`/environments/${env}/keys`),
    admin('POST', '/environments/:env/keys', tpl`/environments/${env}/keys`, {
      body: schemas.createKeyBody,
    }),
    admin('DELETE', '/keys/:id', tpl`/keys/${keyId}`),
    admin('GET', '/environments/:env/stream', tpl`/environments/${env}/stream`, {
      headers: lastEventId.map((id) => ({ 'Last-Event-ID': id })),
    }),
    admin('GET', '/environments/:env/payload', tpl`/environments/${env}/payload`),
    admin('GET', '/flags', fc.constant('/flags')),
    admin('POST', '/flags', fc.constant('/flags'), { body: schemas.createFlagBody }),
    admin('GET', '/flags/:key', tpl`/flags/${flag}`),
    admin('PATCH', '/flags/:key', tpl`/flags/${flag}`, { body: schemas.patchFlagBody }),
    admin('DELETE', '/flags/:key', tpl`/flags/${doomed}`),
    admin('GET', '/flags/:key/environments/:env', tpl`/flags/${flag}/environments/${env}`),
    admin('PATCH', '/flags/:key/environments/:env', tpl`/flags/${flag}/environments/${env}`, {
      body: schemas.patchFlagConfigBody,
      headers: withIfMatch,
    }),
    admin(
      'GET',
      '/flags/:key/environments/:env/guards',
      tpl`/flags/${flag}/environments/${env}/guards`,
    ),
    admin(
      'PUT',
      '/flags/:key/environments/:env/guards',
      tpl`/flags/${flag}/environments/${env}/guards`,
      { body: guardsBody },
    ),
    admin(
      'GET',
      '/flags/:key/environments/:env/release',
      tpl`/flags/${flag}/environments/${env}/release`,
    ),
    admin(
      'POST',
      '/flags/:key/environments/:env/release',
      tpl`/flags/${flag}/environments/${env}/release`,
      { body: releasePlanBody },
    ),
    admin(
      'POST',
      '/flags/:key/environments/:env/release/control',
      tpl`/flags/${flag}/environments/${env}/release/control`,
      { body: releaseControlBody },
    ),
    admin('GET', '/release-templates', fc.constant('/release-templates')),
    admin('GET', '/environments/:env/segments', tpl`/environments/${env}/segments`),
    admin('POST', '/environments/:env/segments', tpl`/environments/${env}/segments`, {
      body: schemas.createSegmentBody,
    }),
    admin('GET', '/environments/:env/segments/:key', tpl`/environments/${env}/segments/${seg}`),
    admin('PATCH', '/environments/:env/segments/:key', tpl`/environments/${env}/segments/${seg}`, {
      body: schemas.patchSegmentBody,
      headers: withIfMatch,
    }),
    admin(
      'DELETE',
      '/environments/:env/segments/:key',
      tpl`/environments/${env}/segments/${doomed}`,
      { headers: withIfMatch },
    ),
    admin('POST', '/environments/:env/evaluate', tpl`/environments/${env}/evaluate`, {
      body: schemas.evaluateBody,
    }),
    admin('GET', '/audit', tpl`/audit${auditQuery}`),
    {
      method: 'GET',
      name: '/sdk/v1/flags',
      path: fc.constantFrom('/sdk/v1/flags', '/sdk/v1/flags?key=x', '/sdk/v1/flags?key='),
      auth: 'sdk',
      headers: fc.record(
        {
          'If-None-Match': fc.constantFrom('*', '"1"', 'W/"2", "3"', '', '"', 'x'.repeat(500)),
          'Accept-Encoding': fc.constantFrom('gzip', 'br', 'gzip;q=0', 'x'),
        },
        { requiredKeys: [] },
      ),
    },
    {
      method: 'GET',
      name: '/sdk/v1/stream',
      path: fc.oneof(
        fc.constant('/sdk/v1/stream'),
        lastEventId.map((id) => `/sdk/v1/stream?lastEventId=${encodeURIComponent(id)}`),
      ),
      auth: 'sdk',
      headers: lastEventId.map((id) => ({ 'Last-Event-ID': id })),
    },
    {
      method: 'POST',
      name: '/sdk/v1/events',
      path: fc.constant('/sdk/v1/events'),
      auth: 'sdk',
      body: eventBatchSchema,
    },
    {
      method: 'POST',
      name: '/hooks/v1/alertmanager',
      path: fc.constant('/hooks/v1/alertmanager'),
      auth: 'hook',
      body: alertmanagerBody,
    },
    {
      method: 'OPTIONS',
      name: 'preflights',
      path: fc.constantFrom('/sdk/v1/flags', '/sdk/v1/events', '/sdk/v1/stream', '/api/v1/flags'),
      auth: 'none',
      headers: fc.constant({
        Origin: 'https://x.example',
        'Access-Control-Request-Method': 'POST',
      }),
    },
    {
      method: 'GET',
      name: 'unauthenticated routes',
      path: fc.constantFrom(
        '/healthz',
        '/metrics',
        '/api/openapi.json',
        '/',
        '/flags/x',
        '/api/x',
        '/hooks/x',
      ),
      auth: 'none',
    },
  ]
}

/** A request at any route with any method, to find handlers that assume theirs. */
const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'PROPFIND')

function authHeader(auth: Auth): fc.Arbitrary<Record<string, string>> {
  const keys = server.secrets.keys
  const valid: Record<Auth, string[]> = {
    admin: [server.secrets.admin],
    sdk: [keys['production server'] as string, keys['production client'] as string],
    hook: [hookKey],
    none: [],
  }
  const wrong = fc
    .oneof(
      fc.constant({}),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic YTpi',
        'bearer  x  y',
        `Bearer ${'k'.repeat(8000)}`,
      ),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/).map((k) => `Bearer ${k}`),
      fc
        .constantFrom(server.secrets.admin, hookKey, keys['development server'] as string)
        .map((k) => `Bearer ${k}`),
    )
    .map((v) => (typeof v === 'string' ? { Authorization: v } : v))
  if (valid[auth].length === 0) return wrong
  const right = fc.constantFrom(...valid[auth]).map((k) => ({ Authorization: `Bearer ${k}` }))
  return fc.oneof({ weight: 8, arbitrary: right }, { weight: 2, arbitrary: wrong })
}

const contentType = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constant<Record<string, string>>({ 'Content-Type': 'application/json' }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constant({}),
      fc
        .constantFrom(
          'text/plain',
          'application/json; charset=utf-16',
          'application/merge-patch+json',
          'multipart/form-data; boundary=zz',
          'application/x-www-form-urlencoded',
          'application/json;;;',
        )
        .map((t) => ({ 'Content-Type': t })),
    ),
  },
)

/** Bodies that are not what any schema describes. */
const hostileBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('', 'null', '[]', '"x"', '{', '{"a":', '1e999', '-', '\ufeff{}', 'true', '{}'),
  fc.constant('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(
    Buffer.concat([Buffer.from('{"key":"a'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]),
  ),
  fc.integer({ min: 30, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 30, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => `[${'0,'.repeat(n - 1)}0]`),
  fc.constant('{"key":"a","variations":[1e400, 123456789012345678901234567890, -0]}'),
  hostileValue.map((v) => JSON.stringify(v) ?? ''),
)

function bodyOf(schema: z.ZodType): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 5, arbitrary: arbitraryOf(schema, { keys: KNOWN }).map((v) => JSON.stringify(v)) },
    {
      weight: 3,
      arbitrary: arbitraryOf(schema, { keys: KNOWN, mutate: 0.08 }).map(
        (v) => JSON.stringify(v) ?? '',
      ),
    },
    { weight: 2, arbitrary: hostileBody },
  )
}

function requestsOf(route: Route): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 19, arbitrary: fc.constant(route.method) },
        { weight: 1, arbitrary: anyMethod },
      ),
      path: route.path,
      auth: authHeader(route.auth),
      type: route.body === undefined ? fc.constant({}) : contentType,
      extra: route.headers ?? fc.constant({}),
      body: route.body === undefined ? fc.constant(undefined) : bodyOf(route.body),
    })
    .map(({ method, path, auth, type, extra, body }) => ({
      method,
      path,
      headers: { ...auth, ...type, ...extra },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      timeoutMs: TIMEOUT_MS,
    }))
}

// ---- sending and judging ----------------------------------------------------------------

/** A request as a line a person can replay. */
function reproducer(r: RawRequest): string {
  const body = r.body === undefined ? '' : Buffer.from(r.body as string).toString('utf8')
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} bytes)` : body
  return `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${shown}`
}

/** The status, or the reason there is none; one retry for a kept-alive socket the server closed. */
async function send(r: RawRequest): Promise<number | string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await rawRequest(server.url, r)).status
    } catch (e) {
      const message = (e as Error).message
      if (attempt === 0 && /socket hang up|ECONNRESET/.test(message)) continue
      return message
    }
  }
}

const bad = (status: number | string) => typeof status === 'string' || status >= 500

describe('the server under generated requests', () => {
  it('answers every one, none with a 5xx, and stays healthy', async () => {
    const failures: string[] = []
    const unreached: string[] = []
    let ok = 0
    const all = routes()
    for (const [i, route] of all.entries()) {
      let reached = 0
      for (const r of fc.sample(requestsOf(route), { numRuns: PER_ROUTE, seed: SEED + i })) {
        const status = await send(r)
        if (bad(status)) failures.push(`${status}: ${reproducer(r)}`)
        if (typeof status === 'number' && status < 300) ok++
        if (typeof status === 'number' && ![401, 403, 429].includes(status)) reached++
      }
      // A fuzz that never gets past authentication tests nothing behind it.
      if (reached === 0) unreached.push(`${route.method} ${route.name}`)
    }
    expect(failures).toEqual([])
    expect(unreached).toEqual([])
    expect(ok).toBeGreaterThan(all.length * 5)
    expect((await rawRequest(server.url, { path: '/healthz' })).status).toBe(200)
  }, 120_000)
})

// ---- hostile shapes, one by one ---------------------------------------------------------

const adminAuth = () => ({ Authorization: `Bearer ${server.secrets.admin}` })
const json = { 'Content-Type': 'application/json' }
const nested = (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth)

async function post(path: string, body: RawRequest['body'], headers = adminAuth()) {
  const res = await rawRequest(server.url, {
    method: 'POST',
    path,
    headers: { ...headers, ...json },
    body,
    timeoutMs: TIMEOUT_MS,
  })
  return { ...res, json: res.text === '' ? undefined : (JSON.parse(res.text) as any) } // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('hostile shapes', () => {
  it('refuses variations nested 2,000 deep with 422 saying so', async () => {
    const res = await post(
      '/api/v1/flags',
      `{"key":"deep","variations":[false,${nested(2000, '1')}]}`,
    )
    expect(res.status).toBe(422)
    expect(res.json.issues[0].message).toMatch(/nested too deep/)
  })

  it('refuses a variation nested 40 deep with 422 at the variation', async () => {
    const res = await post(
      '/api/v1/flags',
      `{"key":"deep40","variations":[false,${nested(40, '1')}]}`,
    )
    expect(res.status).toBe(422)
    expect(res.json.issues).toEqual([
      {
        path: ['variations', 1],
        message: 'nested too deep: at most 32 levels of arrays and objects',
      },
    ])
  })

  it('refuses bodies nested 100,000 deep with 422 on every JSON route', async () => {
    const keys = server.secrets.keys
    const deep = nested(100_000, '')
    const sdk = { Authorization: `Bearer ${keys['production server']}` }
    const hook = { Authorization: `Bearer ${hookKey}` }
    expect((await post('/api/v1/environments/production/evaluate', deep)).status).toBe(422)
    expect((await post('/api/v1/flags', `{"key":"d","variations":${deep}}`)).status).toBe(422)
    expect((await post('/sdk/v1/events', deep, sdk)).status).toBe(422)
    expect(
      (await post('/hooks/v1/alertmanager', `{"status":"firing","alerts":[],"x":${deep}}`, hook))
        .status,
    ).toBe(422)
  })

  it('answers malformed JSON and invalid UTF-8 with a 4xx', async () => {
    expect((await post('/api/v1/flags', '{"key":')).status).toBe(400)
    const invalid = Buffer.concat([
      Buffer.from('{"key":"bad'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ])
    const res = await post('/api/v1/flags', invalid)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('answers 413 to an admin body declared over 1 MiB before it is sent', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/flags',
      headers: { ...adminAuth(), ...json, 'Content-Length': String(2 * 1024 * 1024) },
      // Only a beginning: the answer must come without the rest.
      body: ['{"key":"big","variations":['],
      timeoutMs: TIMEOUT_MS,
      fresh: true,
    }).catch((e: Error) => e)
    expect(res instanceof Error ? res.message : res.status).toBe(413)
  })

  it('answers 413 to a chunked body without Content-Length past the limit', async () => {
    const chunk = `"${'x'.repeat(64 * 1024 - 3)}",`
    const body = ['{"key":"big","variations":[', ...Array<string>(20).fill(chunk), '1]}']
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/flags',
      headers: { ...adminAuth(), ...json },
      body,
      timeoutMs: TIMEOUT_MS,
      fresh: true,
    })
    expect(res.status).toBe(413)
    // Just under the limit, the same body shape is read and judged.
    const small = ['{"key":"almost","variations":[', ...Array<string>(10).fill(chunk), '1]}']
    const fits = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/flags',
      headers: { ...adminAuth(), ...json },
      body: small,
      timeoutMs: TIMEOUT_MS,
      fresh: true,
    })
    expect(fits.status).toBe(201)
  })

  it('answers 413 to an SDK body over 4 MiB', async () => {
    const keys = server.secrets.keys
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/sdk/v1/events',
      headers: { Authorization: `Bearer ${keys['production server']}`, ...json },
      body: ['{"id":"', ...Array<string>(80).fill('x'.repeat(64 * 1024)), '"}'],
      timeoutMs: TIMEOUT_MS,
      fresh: true,
    })
    expect(res.status).toBe(413)
  })

  it('survives requests that break HTTP itself', async () => {
    const raw = [
      `GET /api/v1/flags HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n\r\n`,
      `POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
      `POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
      `POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
      `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nLast-Event-ID: \x01\x02\r\n\r\n`,
      `\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03`,
    ]
    for (const text of raw) {
      const status = await rawExchange(text)
      expect(bad(status), `${status} for ${JSON.stringify(text.slice(0, 80))}`).toBe(false)
    }
    expect((await rawRequest(server.url, { path: '/healthz' })).status).toBe(200)
  })
})

/** Writes bytes on a fresh connection; the status line's code, or 0 if the server just closed. */
function rawExchange(text: string): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1')
    let answer = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve('hung')
    }, TIMEOUT_MS)
    socket.on('data', (d) => {
      answer += d.toString('latin1')
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer)
      if (m) {
        clearTimeout(timer)
        socket.destroy()
        resolve(Number(m[1]))
      }
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(0)
    })
    socket.on('error', () => {})
    socket.write(Buffer.from(text, 'latin1'))
  })
}
