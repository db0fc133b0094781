import { describe, expect, it } from 'vitest'
import { createApiClient } from './api-client.js'
import { createTeamApi } from './team-api.js'

function serverAnswering(body: unknown, status = 200) {
  const calls: { url: string; method: string; body: unknown }[] = []
  const api = createTeamApi(
    createApiClient({
      fetch: async (url, init) => {
        calls.push({ url, method: init?.method ?? 'GET', body: init?.body })
        return new Response(body === undefined ? null : JSON.stringify(body), { status })
      },
    }),
  )
  return { api, calls }
}

describe('team API', () => {
  it('lists an environment’s open change requests', async () => {
    const { api, calls } = serverAnswering({ changeRequests: [{ id: 1 }] })
    expect(await api.changeRequests('prod env', 'open')).toEqual([{ id: 1 }])
    expect(calls[0]?.url).toBe('/api/v1/environments/prod%20env/change-requests?status=open')
  })

  it('rejects with a reason and answers the decided request', async () => {
    const { api, calls } = serverAnswering({ changeRequest: { id: 4, status: 'rejected' } })
    expect(await api.rejectChange('production', 4, 'not now')).toEqual({
      id: 4,
      status: 'rejected',
    })
    expect(calls[0]).toEqual({
      url: '/api/v1/environments/production/change-requests/4/reject',
      method: 'POST',
      body: '{"reason":"not now"}',
    })
  })

  it('ends a member’s sessions', async () => {
    const { api, calls } = serverAnswering(undefined, 204)
    await api.endMemberSessions(7)
    expect(calls[0]).toMatchObject({ url: '/api/v1/members/7/sessions', method: 'DELETE' })
  })
})
