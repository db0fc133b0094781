import type { SessionInfo } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { createSession } from './session.js'
import type { StreamOptions } from './stream-reader.js'

const info: SessionInfo = {
  me: {
    kind: 'member',
    id: 3,
    name: 'Ada',
    email: 'ada@example.com',
    admin: false,
    roles: { production: 'editor' },
    scopes: null,
  },
  csrfToken: 'csrf_abc',
  expiresAt: Date.now() + 3_600_000,
}

function setup(status: number) {
  const requests: { method: string; url: string; headers: Headers }[] = []
  const streams: StreamOptions[] = []
  const events: string[] = []
  const session = createSession({
    info,
    onEnded: () => events.push('ended'),
    onSignOut: () => events.push('signed out'),
    fetch: async (url, init) => {
      requests.push({ method: init?.method ?? 'GET', url, headers: new Headers(init?.headers) })
      return new Response(status === 204 ? null : JSON.stringify({ error: 'x' }), { status })
    },
    follow: (o) => {
      streams.push(o)
      return () => events.push(`stopped ${o.url}`)
    },
  })
  return { session, requests, streams, events }
}

describe('createSession', () => {
  it('signs out on the server with the CSRF token, stops the streams, then tells the app', async () => {
    const { session, requests, events } = setup(204)
    session.live.subscribe('production', () => {})
    await session.signOut()
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: '/api/v1/session' })
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf_abc')
    expect(events).toEqual(['stopped /api/v1/environments/production/stream', 'signed out'])
  })

  it('ends once when requests and streams find the session gone', async () => {
    const { session, streams, events } = setup(401)
    session.live.subscribe('production', () => {})
    await expect(session.api.flags()).rejects.toMatchObject({ status: 401 })
    streams[0]?.onStatus?.('unauthorized')
    await expect(session.api.environments()).rejects.toMatchObject({ status: 401 })
    expect(events.filter((e) => e === 'ended')).toHaveLength(1)
  })
})
