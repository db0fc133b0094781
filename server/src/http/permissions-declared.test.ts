/**
 * Every admin route declares what it needs, so none can be added that forgets it: the routes
 * as the app registers them (its OpenAPI document is built from that very list), and a route
 * without a declaration is refused rather than let through.
 */
import { describe, expect, it } from 'vitest'
import { createHarness } from '../testing/harness.js'
import { ApiRouter, defineRoute } from './api-router.js'

const PERMISSIONS = ['read', 'write', 'kill-or-write', 'define', 'archive', 'admin', 'own']

describe('the permissions of admin routes', () => {
  it('are declared by every admin route of the app', async () => {
    const h = await createHarness({ store: 'sqlite' })
    const doc = (await h.call('GET', '/api/openapi.json', { token: null })).json as {
      paths: Record<string, Record<string, { security: unknown; 'x-andon-permission'?: string }>>
    }
    const admin = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => JSON.stringify(op.security) === '[{"admin":[]},{"session":[]}]')
        .map(([method, op]) => ({
          route: `${method} ${path}`,
          permission: op['x-andon-permission'],
        })),
    )
    expect(admin.length).toBeGreaterThan(30)
    const missing = admin.filter((r) => !PERMISSIONS.includes(r.permission ?? ''))
    expect(missing).toEqual([])
    // Every other route is public, an SDK's or a hook's: no permission, none claimed.
    const others = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .filter((op) => JSON.stringify(op.security) !== '[{"admin":[]},{"session":[]}]')
    expect(others.filter((op) => op['x-andon-permission'] !== undefined)).toEqual([])
  })

  it('refuses a request to an admin route that declares none', async () => {
    const route = defineRoute({
      method: 'get',
      path: '/forgotten',
      operationId: 'forgotten',
      summary: 'A route someone forgot to declare a permission for',
      tag: 'tools',
      access: 'admin',
      responses: { 200: { description: 'never' } },
    })
    const router = new ApiRouter().add(route, (c) => c.text('served'))
    let error: unknown
    router.app.onError((e, c) => {
      error = e
      return c.text('refused', 500)
    })
    const res = await router.app.request('/forgotten')
    expect(res.status).toBe(500)
    expect(String(error)).toContain('the admin route forgotten declares no permission')
  })
})
