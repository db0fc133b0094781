/**
 * The document against the real server's answers: requests at every operation, good and bad,
 * and each answer's status must be one the document lists for that operation, its JSON body
 * must match the documented schema (checked with Ajv, JSON Schema 2020-12), and the headers
 * the document promises must be there.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { OpenAPIV3_1 } from 'openapi-types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { closeRawConnections, rawRequest } from '../support/raw-http.js'

const DOC_ID = 'https://andon.invalid/openapi.json'

let server: AndonServer
let doc: OpenAPIV3_1.Document
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
const compiled = new Map<string, ValidateFunction>()

beforeAll(async () => {
  server = await startAndonServer()
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenAPIV3_1.Document
  // The components, under an id of their own, for the references of the answers' schemas.
  ajv.addSchema({ $id: DOC_ID, components: doc.components })
})

afterAll(async () => {
  closeRawConnections()
  await server?.stop()
})

/** A schema whose `#/components/...` references point into the document added above. */
function absolute(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absolute)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : absolute(v),
    ]),
  )
}

function documentedResponse(method: string, path: string, status: number) {
  const op = doc.paths?.[path]?.[method.toLowerCase() as 'get']
  expect(op, `${method} ${path} is documented`).toBeDefined()
  let response = op!.responses?.[String(status)] as
    OpenAPIV3_1.ResponseObject | OpenAPIV3_1.ReferenceObject | undefined
  expect(response, `${status} is listed for ${method} ${path}`).toBeDefined()
  if (response !== undefined && '$ref' in response) {
    const name = response.$ref.replace('#/components/responses/', '')
    response = doc.components?.responses?.[name] as OpenAPIV3_1.ResponseObject
  }
  return response as OpenAPIV3_1.ResponseObject
}

interface Call {
  /** The request path when it differs from the documented one (parameters filled in). */
  url?: string
  headers?: Record<string, string>
  body?: unknown
  /** Raw text instead of JSON. */
  raw?: string
  token?: string | null
}

/**
 * Calls `method path` (as the document names it) and checks the answer against the document:
 * its status, its body's schema, its documented headers. Returns it for more assertions.
 */
async function conforming(method: string, path: string, call: Call = {}) {
  const token = call.token === undefined ? server.secrets.admin : call.token
  const headers: Record<string, string> = { ...call.headers }
  if (token !== null) headers.Authorization = `Bearer ${token}`
  const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body))
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await rawRequest(server.url, { method, path: call.url ?? path, headers, body })
  const response = documentedResponse(method, path, res.status)
  const type = String(res.headers['content-type'] ?? '')
  const content = response.content ?? {}
  if (Object.keys(content).length === 0) {
    expect(res.text, `${method} ${path} ${res.status} has no body`).toBe('')
  } else if (content['application/json'] !== undefined) {
    expect(type).toMatch(/^application\/json/)
    const key = `${method} ${path} ${res.status}`
    let validate = compiled.get(key)
    if (validate === undefined) {
      validate = ajv.compile(absolute(content['application/json'].schema) as object)
      compiled.set(key, validate)
    }
    const json: unknown = JSON.parse(res.text)
    expect(validate(json) ? [] : validate.errors, `${key}: ${res.text.slice(0, 300)}`).toEqual([])
  } else {
    expect(Object.keys(content).some((t) => type.startsWith(t.split(';')[0]!))).toBe(true)
  }
  for (const name of Object.keys(response.headers ?? {})) {
    expect(res.headers[name.toLowerCase()], `${name} on ${method} ${path}`).toBeDefined()
  }
  return { status: res.status, headers: res.headers, json: res.text ? tryJson(res.text) : null }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const serverKey = () => server.secrets.keys['production server']!
const clientKey = () => server.secrets.keys['production client']!

describe('answers as documented', () => {
  it('release plans: start, read, control, templates, and their errors', async () => {
    const release = '/api/v1/flags/{key}/environments/{env}/release'
    const control = `${release}/control`
    const url = '/api/v1/flags/ramped/environments/production/release'
    expect((await conforming('POST', '/api/v1/flags', { body: { key: 'ramped' } })).status).toBe(
      201,
    )
    expect((await conforming('GET', release, { url })).status).toBe(404)
    const refused = await conforming('POST', release, {
      url,
      body: { variation: 1, steps: [{ percent: 50, holdSeconds: 60 }] },
    })
    expect(refused.status).toBe(422)
    const started = await conforming('POST', release, {
      url,
      body: { variation: 1, template: 'standard' },
    })
    expect(started).toMatchObject({ status: 201, json: { status: 'running', step: 0 } })
    expect(
      (await conforming('POST', release, { url, body: { variation: 1, template: 'quick' } }))
        .status,
    ).toBe(409)
    expect((await conforming('GET', release, { url })).status).toBe(200)
    const paused = await conforming('POST', control, {
      url: `${url}/control`,
      body: { action: 'pause' },
    })
    expect(paused).toMatchObject({ status: 200, json: { status: 'paused' } })
    const skipped = await conforming('POST', control, {
      url: `${url}/control`,
      body: { action: 'skip', step: 9 },
    })
    expect(skipped.status).toBe(422)
    const aborted = await conforming('POST', control, {
      url: `${url}/control`,
      body: { action: 'abort' },
    })
    expect(aborted).toMatchObject({ status: 200, json: { status: 'aborted' } })
    expect(
      (await conforming('POST', control, { url: `${url}/control`, body: { action: 'resume' } }))
        .status,
    ).toBe(409)
    const templates = await conforming('GET', '/api/v1/release-templates')
    expect(templates.json).toMatchObject({ templates: { standard: expect.any(Array) } })
  })

  it('operations: health and metrics', async () => {
    expect((await conforming('GET', '/healthz', { token: null })).status).toBe(200)
    expect((await conforming('GET', '/metrics', { token: null })).status).toBe(200)
  })

  it('environments and keys, with critical, the new PATCH and their errors', async () => {
    const env = '/api/v1/environments/{env}'
    expect((await conforming('GET', '/api/v1/environments')).status).toBe(200)
    expect((await conforming('GET', '/api/v1/environments', { token: null })).status).toBe(401)
    expect((await conforming('GET', '/api/v1/environments', { token: serverKey() })).status).toBe(
      403,
    )
    const created = await conforming('POST', '/api/v1/environments', {
      body: { key: 'qa', critical: true },
    })
    expect(created).toMatchObject({ status: 201, json: { key: 'qa', critical: true } })
    expect((await conforming('POST', '/api/v1/environments', { body: { key: 'qa' } })).status).toBe(
      409,
    )
    const malformed = await conforming('POST', '/api/v1/environments', { raw: '{"key":' })
    expect(malformed.status).toBe(400)
    const patched = await conforming('PATCH', env, {
      url: '/api/v1/environments/qa',
      body: { name: 'Quality', critical: false },
    })
    expect(patched).toMatchObject({ status: 200, json: { name: 'Quality', critical: false } })
    const nothing = await conforming('PATCH', env, { url: '/api/v1/environments/qa', body: {} })
    expect(nothing.status).toBe(422)
    const unknown = await conforming('PATCH', env, {
      url: '/api/v1/environments/nowhere',
      body: { critical: true },
    })
    expect(unknown.status).toBe(404)
    const keys = '/api/v1/environments/{env}/keys'
    expect((await conforming('GET', keys, { url: '/api/v1/environments/qa/keys' })).status).toBe(
      200,
    )
    const key = await conforming('POST', keys, {
      url: '/api/v1/environments/qa/keys',
      body: { kind: 'server', name: 'ci' },
    })
    expect(key.status).toBe(201)
    const id = (key.json as { id: number }).id
    const revoke = (url: string) => conforming('DELETE', '/api/v1/keys/{id}', { url })
    expect((await revoke(`/api/v1/keys/${id}`)).status).toBe(204)
    expect((await revoke(`/api/v1/keys/${id}`)).status).toBe(404)
    expect((await revoke('/api/v1/keys/zero')).status).toBe(422)
  })

  it('flags, configs with If-Match and a comment, guards, the audit log', async () => {
    const flag = '/api/v1/flags/{key}'
    const config = '/api/v1/flags/{key}/environments/{env}'
    const guards = `${config}/guards`
    expect((await conforming('POST', '/api/v1/flags', { body: { key: 'doc-flag' } })).status).toBe(
      201,
    )
    expect((await conforming('GET', '/api/v1/flags')).status).toBe(200)
    expect((await conforming('GET', flag, { url: '/api/v1/flags/doc-flag' })).status).toBe(200)
    expect((await conforming('GET', flag, { url: '/api/v1/flags/nope' })).status).toBe(404)
    const renamed = await conforming('PATCH', flag, {
      url: '/api/v1/flags/doc-flag',
      body: { name: 'Documented' },
    })
    expect(renamed.status).toBe(200)
    const url = '/api/v1/flags/doc-flag/environments/production'
    const got = await conforming('GET', config, { url })
    expect(got.headers.etag).toBe(`"${(got.json as { version: number }).version}"`)
    const stale = await conforming('PATCH', config, {
      url,
      headers: { 'If-Match': '"999"' },
      body: { enabled: true },
    })
    expect(stale.status).toBe(412)
    const on = await conforming('PATCH', config, {
      url,
      headers: { 'If-Match': String(got.headers.etag) },
      body: { enabled: true, comment: '  after the load test ' },
    })
    expect(on).toMatchObject({ status: 200, json: { enabled: true } })
    expect(on.json).not.toHaveProperty('comment')
    const audit = await conforming('GET', '/api/v1/audit', { url: '/api/v1/audit?flag=doc-flag' })
    const entries = (audit.json as { entries: { comment: string | null }[] }).entries
    expect(entries.map((e) => e.comment)).toEqual(['after the load test', null, null])
    expect(
      (await conforming('GET', '/api/v1/audit', { url: '/api/v1/audit?limit=0' })).status,
    ).toBe(422)
    const guardsUrl = `${url}/guards`
    const guard = { metric: 'errors', kind: 'rate', worseWhen: 'higher', threshold: 0.01 }
    const put = await conforming('PUT', guards, {
      url: guardsUrl,
      body: [{ ...guard, action: 'notify' }],
    })
    expect(put.status).toBe(200)
    expect((await conforming('GET', guards, { url: guardsUrl })).status).toBe(200)
    expect((await conforming('DELETE', flag, { url: '/api/v1/flags/doc-flag' })).status).toBe(204)
    expect((await conforming('DELETE', flag, { url: '/api/v1/flags/doc-flag' })).status).toBe(404)
  })

  it('segments, evaluation, the payload and the admin stream', async () => {
    const base = '/api/v1/environments/{env}/segments'
    const list = '/api/v1/environments/production/segments'
    expect((await conforming('POST', base, { url: list, body: { key: 'staff' } })).status).toBe(201)
    expect((await conforming('POST', base, { url: list, body: { key: 'staff' } })).status).toBe(409)
    expect((await conforming('GET', base, { url: list })).status).toBe(200)
    const one = `${base}/{key}`
    const url = `${list}/staff`
    expect((await conforming('GET', one, { url })).status).toBe(200)
    const patch = { headers: { 'If-Match': '1' }, body: { included: ['ann'] } }
    expect((await conforming('PATCH', one, { url, ...patch })).status).toBe(200)
    expect((await conforming('PATCH', one, { url, ...patch })).status).toBe(412)
    expect((await conforming('DELETE', one, { url })).status).toBe(204)
    expect((await conforming('GET', one, { url })).status).toBe(404)
    const evaluate = '/api/v1/environments/{env}/evaluate'
    const context = { flag: 'none', context: { key: 'ann' }, default: false }
    const evaluated = await conforming('POST', evaluate, {
      url: '/api/v1/environments/production/evaluate',
      body: context,
    })
    expect(evaluated).toMatchObject({ status: 200, json: { value: false } })
    const elsewhere = await conforming('POST', evaluate, {
      url: '/api/v1/environments/nowhere/evaluate',
      body: context,
    })
    expect(elsewhere.status).toBe(404)
    const payload = '/api/v1/environments/{env}/payload'
    const p = await conforming('GET', payload, { url: '/api/v1/environments/production/payload' })
    expect(p.status).toBe(200)
    const stream = '/api/v1/environments/{env}/stream'
    const s = await conforming('GET', stream, { url: '/api/v1/environments/production/stream' })
    expect(s.status).toBe(200)
    const bad = await conforming('GET', stream, { url: '/api/v1/environments/n%20o/stream' })
    expect(bad.status).toBe(422)
  })

  it('the SDK routes: payload with 304, stream by header and by ?key=, events', async () => {
    const first = await conforming('GET', '/sdk/v1/flags', { token: serverKey() })
    expect(first.status).toBe(200)
    const again = await conforming('GET', '/sdk/v1/flags', {
      token: serverKey(),
      headers: { 'If-None-Match': String(first.headers.etag) },
    })
    expect(again.status).toBe(304)
    const stream = await conforming('GET', '/sdk/v1/stream', {
      token: null,
      url: `/sdk/v1/stream?key=${clientKey()}`,
    })
    expect(stream.status).toBe(200)
    const serverKeyInUrl = await conforming('GET', '/sdk/v1/stream', {
      token: null,
      url: `/sdk/v1/stream?key=${serverKey()}`,
    })
    expect(serverKeyInUrl.status).toBe(403)
    const batch = {
      id: 'batch-0001',
      startedAt: 1,
      endedAt: 2,
      exposures: [],
      metrics: [],
      dropped: 0,
    }
    const events = (body: unknown, token = serverKey()) =>
      conforming('POST', '/sdk/v1/events', { token, body })
    expect((await events(batch)).status).toBe(202)
    expect((await events({ ...batch, id: 'short' })).status).toBe(422)
    const padded = { ...batch, id: 'batch-0002', pad: 'x'.repeat(70 * 1024) }
    expect((await events(padded, clientKey())).status).toBe(413)
  })

  it('tokens, refusals, an expired or revoked token, and the audit export', async () => {
    const created = await conforming('POST', '/api/v1/tokens', {
      body: { name: 'ci', scopes: ['read', 'write:development'] },
    })
    expect(created.status).toBe(201)
    const { id, token } = created.json as { id: number; token: string }
    expect((await conforming('POST', '/api/v1/tokens', { body: { scopes: [] } })).status).toBe(422)
    expect((await conforming('GET', '/api/v1/tokens')).status).toBe(200)
    expect((await conforming('GET', '/api/v1/tokens', { token })).status).toBe(200)
    const refused = await conforming('POST', '/api/v1/environments', {
      token,
      body: { key: 'qa' },
    })
    expect(refused).toMatchObject({ status: 403, json: { needs: { role: 'admin' } } })
    const kill = await conforming('PATCH', '/api/v1/flags/{key}/environments/{env}', {
      url: '/api/v1/flags/ramped/environments/production',
      token,
      body: { enabled: true },
    })
    expect(kill).toMatchObject({ status: 403, json: { needs: { environment: 'production' } } })
    const other = await conforming('DELETE', '/api/v1/tokens/{id}', {
      url: '/api/v1/tokens/1',
      token,
    })
    expect(other.status).toBe(403)
    const exported = await conforming('GET', '/api/v1/audit/export', {
      url: '/api/v1/audit/export?actor=admin&since=0',
    })
    expect(exported.status).toBe(200)
    expect(
      (await conforming('GET', '/api/v1/audit/export', { url: '/api/v1/audit/export?since=x' }))
        .status,
    ).toBe(422)
    const url = `/api/v1/tokens/${id}`
    expect((await conforming('DELETE', '/api/v1/tokens/{id}', { url })).status).toBe(204)
    expect((await conforming('DELETE', '/api/v1/tokens/{id}', { url })).status).toBe(404)
    expect((await conforming('GET', '/api/v1/tokens', { token })).status).toBe(401)
    const last = await conforming('DELETE', '/api/v1/tokens/{id}', { url: '/api/v1/tokens/1' })
    expect(last.status).toBe(409)
  })

  it('the Alertmanager hook', async () => {
    const created = await conforming('POST', '/api/v1/environments/{env}/keys', {
      url: '/api/v1/environments/production/keys',
      body: { kind: 'hook', name: 'alertmanager' },
    })
    const hookKey = (created.json as { key: string }).key
    const alert = { status: 'firing', labels: { andon_flag: 'none' } }
    const hook = await conforming('POST', '/hooks/v1/alertmanager', {
      token: hookKey,
      body: { status: 'firing', alerts: [alert] },
    })
    expect(hook).toMatchObject({ status: 200, json: { alerts: [{ outcome: 'ignored' }] } })
    const wrong = await conforming('POST', '/hooks/v1/alertmanager', {
      token: hookKey,
      body: { alerts: [] },
    })
    expect(wrong.status).toBe(422)
  })
})
