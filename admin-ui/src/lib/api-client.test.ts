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
  it('sends the bearer token, JSON and If-Match, and returns the ETag', async () => {
    const { calls, fetch } = recorder(200, { key: 'f', version: 8 }, { ETag: '"8"' })
    const client = createApiClient({ token: 'adm_x', fetch })
    const answer = await client.request('PATCH', '/api/v1/flags/f/environments/production', {
      body: { enabled: false },
      ifMatch: 7,
    })
    const headers = new Headers(calls[0]?.init?.headers)
    expect(headers.get('Authorization')).toBe('Bearer adm_x')
    expect(headers.get('If-Match')).toBe('"7"')
    expect(headers.get('Content-Type')).toBe('application/json')
    expect(calls[0]?.init?.body).toBe('{"enabled":false}')
    expect(answer).toMatchObject({ data: { version: 8 }, etag: '"8"', status: 200 })
  })

  it('throws an ApiError with the issues of a 422', async () => {
    const body = { error: 'invalid json', issues: [{ path: ['salt'], message: 'too short' }] }
    const client = createApiClient({ token: 't', fetch: recorder(422, body).fetch })
    const error = await client.get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).issues).toEqual([{ path: ['salt'], message: 'too short' }])
  })

  it('tells the app when the token is refused', async () => {
    let refused = 0
    const client = createApiClient({
      token: 't',
      fetch: recorder(401, { error: 'unauthorized' }).fetch,
      onUnauthorized: () => refused++,
    })
    await expect(client.get('/x')).rejects.toMatchObject({ status: 401 })
    expect(refused).toBe(1)
  })
})
