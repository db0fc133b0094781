import { describe, expect, it } from 'vitest'
import { createApiClient } from './api-client.js'
import { createSessionApi, ssoStartUrl } from './session-api.js'

function serverAnswering(status: number, body?: unknown) {
  const calls: { url: string; method: string; body: unknown }[] = []
  const api = createSessionApi(
    createApiClient({
      fetch: async (url, init) => {
        calls.push({ url, method: init?.method ?? 'GET', body: init?.body })
        return new Response(body === undefined ? null : JSON.stringify(body), { status })
      },
    }),
  )
  return { api, calls }
}

describe('session API', () => {
  it('reads no session as null, not as an error', async () => {
    const { api } = serverAnswering(401, { error: 'sign in' })
    expect(await api.current()).toBeNull()
  })

  it('signs in with a token through POST /api/v1/session', async () => {
    const info = { me: { name: 'admin' }, csrfToken: 'c', expiresAt: 1 }
    const { api, calls } = serverAnswering(201, info)
    expect(await api.signIn({ token: 'adm_1' })).toEqual(info)
    expect(calls).toEqual([{ url: '/api/v1/session', method: 'POST', body: '{"token":"adm_1"}' }])
  })

  it('starts single sign-on with the page to come back to', () => {
    expect(ssoStartUrl('/#/flags/a b')).toBe('/api/v1/auth/sso/start?return=%2F%23%2Fflags%2Fa%20b')
  })
})
