/**
 * No route of the API exists undocumented: every route the app registered under the admin,
 * SDK, hook and OFREP prefixes, and /healthz and /metrics, is an operation of /api/openapi.json,
 * and every operation there is a route the app answers.
 */
import { describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../server/src/testing/harness.js'

const API_PATH = /^(\/api\/v1\/|\/sdk\/v1\/|\/hooks\/v1\/|\/ofrep\/v1\/|\/healthz$|\/metrics$)/

/** `/flags/:key` as `GET /flags/{key}`, the way the document names it. */
const asOperation = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`

/** The API routes of the app (middleware, `use` and `all`, shows as ALL: left out). */
const registered = (h: Harness) =>
  new Set(
    h.app.routes
      .filter((r) => r.method !== 'ALL' && API_PATH.test(r.path))
      .map((r) => asOperation(r.method, r.path)),
  )

async function documented(h: Harness) {
  const res = await h.app.request('/api/openapi.json')
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> }
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => asOperation(method, path)),
    ),
  )
}

async function undocumented(h: Harness) {
  const doc = await documented(h)
  return [...registered(h)].filter((r) => !doc.has(r))
}

describe('routes and the document', () => {
  it('documents every API route the app registered, and only those', async () => {
    const h = await createHarness()
    expect(await undocumented(h)).toEqual([])
    const routes = registered(h)
    expect([...(await documented(h))].filter((d) => !routes.has(d))).toEqual([])
    // The walk sees the routes of every part of the API, the new environment PATCH among them.
    expect(routes.size).toBeGreaterThan(25)
    for (const r of [
      'PATCH /api/v1/environments/{env}',
      'GET /api/v1/environments/{env}/stream',
      'GET /sdk/v1/stream',
      'POST /hooks/v1/alertmanager',
      'POST /ofrep/v1/evaluate/flags/{key}',
      'GET /metrics',
    ]) {
      expect(routes).toContain(r)
    }
  })

  it('finds a route added to the app past the router', async () => {
    const h = await createHarness()
    h.app.get('/sdk/v1/undocumented/:id', (c) => c.json({}))
    expect(await undocumented(h)).toEqual(['GET /sdk/v1/undocumented/{id}'])
  })
})
