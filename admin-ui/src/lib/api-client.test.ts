import { describe, expect, it } from 'vitest'
import { createApiClient } from './api-client.js'
import { ApiError } from './api-error.js'

function recorder(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit | undefined }[] = []
  const fetch = async (url: string, init?: RequestInit) => {
    calls.push({ url, init })
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers })
  }
  return { calls, fetch }
}

describe('createApiClient', () => {
  it('sends the cookie, the CSRF token, JSON and If-Match, and returns the ETag', async () => {
    const { calls, fetch } = recorder(200, { key: 'f', version: 8 }, { ETag: '"8"' })
    const client = createApiClient({ csrfToken: () => 'csrf_1', fetch })
    const answer = await client.request('PATCH', '/api/v1/flags/f/environments/production', {
      body: { enabled: false },
      ifMatch: 7,
    })
    const headers = new Headers(calls[0]?.init?.headers)
    expect(headers.get('Authorization')).toBeNull()
    expect(headers.get('X-CSRF-Token')).toBe('csrf_1')
    expect(calls[0]?.init?.credentials).toBe('same-origin')
    expect(headers.get('If-Match')).toBe('"7"')
    expect(headers.get('Content-Type')).toBe('application/json')
    expect(calls[0]?.init?.body).toBe('{"enabled":false}')
    expect(answer).toMatchObject({ data: { version: 8 }, etag: '"8"', status: 200 })
  })

  it('leaves the CSRF token out of reads', async () => {
    const { calls, fetch } = recorder(200, { flags: [] })
    await createApiClient({ csrfToken: () => 'csrf_1', fetch }).get('/api/v1/flags')
    expect(new Headers(calls[0]?.init?.headers).get('X-CSRF-Token')).toBeNull()
    expect(calls[0]?.init?.credentials).toBe('same-origin')
  })

  it('throws an ApiError with the issues of a 422', async () => {
    const body = { error: 'invalid json', issues: [{ path: ['salt'], message: 'too short' }] }
    const client = createApiClient({ fetch: recorder(422, body).fetch })
    const error = await client.get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).issues).toEqual([{ path: ['salt'], message: 'too short' }])
  })

  it('tells the app when the session has ended', async () => {
    let ended = 0
    const client = createApiClient({
      fetch: recorder(401, { error: 'unauthorized' }).fetch,
      onUnauthorized: () => ended++,
    })
    await expect(client.get('/x')).rejects.toMatchObject({ status: 401 })
    expect(ended).toBe(1)
  })

  it('tells the app when the CSRF token is refused, not when a role is missing', async () => {
    let ended = 0
    const onUnauthorized = () => ended++
    const csrf = recorder(403, { error: 'CSRF check failed: the X-CSRF-Token is wrong' })
    await expect(
      createApiClient({ fetch: csrf.fetch, onUnauthorized }).request('POST', '/x'),
    ).rejects.toMatchObject({ status: 403 })
    const role = recorder(403, { error: 'needs the admin role', needs: { role: 'admin' } })
    await expect(
      createApiClient({ fetch: role.fetch, onUnauthorized }).request('POST', '/x'),
    ).rejects.toMatchObject({ message: 'You need to be an admin.' })
    expect(ended).toBe(1)
  })
})
