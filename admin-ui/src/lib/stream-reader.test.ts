import { describe, expect, it } from 'vitest'
import { followStream, type EventSourceMessage } from './stream-reader.js'

function sseResponse(text: string): Response {
  return new Response(new Blob([text]).stream(), {
    headers: { 'Content-Type': 'text/event-stream' },
  })
}

describe('followStream', () => {
  it('waits as core backoff says between attempts: 1 s, 2 s, 4 s without jitter', async () => {
    const waits: number[] = []
    await new Promise<void>((resolve) => {
      const stop = followStream({
        url: '/s',
        onEvent: () => {},
        random: () => 0,
        fetch: async () => {
          throw new TypeError('Failed to fetch')
        },
        sleep: async (ms) => {
          waits.push(ms)
          if (waits.length === 3) {
            stop()
            resolve()
          }
        },
      })
    })
    expect(waits).toEqual([1000, 2000, 4000])
  })

  it('sends the cookie, delivers events and resumes with Last-Event-ID', async () => {
    const requests: Headers[] = []
    const credentials: (RequestCredentials | undefined)[] = []
    const events: EventSourceMessage[] = []
    let calls = 0
    const done = new Promise<void>((resolve) => {
      const stop = followStream({
        url: '/api/v1/environments/production/stream',
        onEvent: (e) => events.push(e),
        sleep: async () => {},
        fetch: async (_url, init) => {
          requests.push(new Headers(init?.headers))
          credentials.push(init?.credentials)
          calls++
          if (calls === 1) return sseResponse('id: 7\nevent: put\ndata: {}\n\n')
          stop()
          resolve()
          return new Response(null, { status: 401 })
        },
      })
    })
    await done
    expect(requests[0]?.get('Authorization')).toBeNull()
    expect(credentials).toEqual(['same-origin', 'same-origin'])
    expect(requests[0]?.get('Last-Event-ID')).toBeNull()
    expect(requests[1]?.get('Last-Event-ID')).toBe('7')
    expect(events).toEqual([{ event: 'put', data: '{}', id: '7' }])
  })

  it('stops retrying when the session has ended', async () => {
    const statuses: string[] = []
    await new Promise<void>((resolve) => {
      followStream({
        url: '/s',
        onEvent: () => {},
        onStatus: (s) => {
          statuses.push(s)
          if (s === 'unauthorized') resolve()
        },
        fetch: async () => new Response(null, { status: 401 }),
      })
    })
    expect(statuses).toEqual(['connecting', 'unauthorized'])
  })
})
