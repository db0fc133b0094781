import { describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { readSse, type SseEvent } from '../testing/sse-reader.js'

async function withFlags(heartbeatMs?: number) {
  const h = await createHarness({ heartbeatMs })
  await h.call('POST', '/api/v1/flags', { body: { key: 'banner', clientSide: true } })
  await h.call('POST', '/api/v1/flags', { body: { key: 'pricing', clientSide: false } })
  // Every change so far published (PostgreSQL's store publishes its commits a moment later): a
  // stream opened now is notified of what comes next, not of these.
  await h.settled()
  return h
}

const edit = (h: Harness, flag: string, enabled: boolean) =>
  h.call('PATCH', `/api/v1/flags/${flag}/environments/production`, { body: { enabled } })

async function open(h: Harness, path: string, headers: Record<string, string> = {}) {
  const res = await h.app.request(path, { headers })
  return { res, sse: readSse(res.body!) }
}

const messages = (events: SseEvent[]) => events.filter((e) => e.event === 'message')

describe('OFREP event stream, in process', () => {
  it('names the stream with the client key in a bulk answer, and none for a server key', async () => {
    const h = await withFlags()
    const client = h.key('production', 'client')
    const bulk = (token: string) =>
      h.call('POST', '/ofrep/v1/evaluate/flags', { body: { context: {} }, token })
    expect((await bulk(client)).json.eventStreams).toEqual([
      { type: 'sse', endpoint: { requestUri: `/ofrep/v1/event-stream?key=${client}` } },
    ])
    const server = await bulk(h.key('production', 'server'))
    expect(server.status).toBe(200)
    expect(server.json).not.toHaveProperty('eventStreams')
  })

  it('sends heartbeats and a refetchEvaluation per change, and refuses a server key in the URL', async () => {
    const h = await withFlags(30)
    const { res, sse } = await open(
      h,
      `/ofrep/v1/event-stream?key=${h.key('production', 'client')}`,
    )
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    await sse.until((events) => events.some((e) => e.comment))
    await edit(h, 'banner', true)
    const [note] = messages(await sse.until((events) => messages(events).length === 1))
    expect(JSON.parse(note!.data!)).toEqual({ type: 'refetchEvaluation', etag: `"${note!.id}"` })
    expect(Number(note!.id)).toBeGreaterThan(0)
    await sse.cancel()
    const serverInUrl = await h.app.request(
      `/ofrep/v1/event-stream?key=${h.key('production', 'server')}`,
    )
    expect(serverInUrl.status).toBe(403)
  })

  it('after a reconnect, notifies at once only of a missed change the key can see', async () => {
    const h = await withFlags()
    const client = h.key('production', 'client')
    await edit(h, 'banner', true)
    const seen = (await h.call('GET', '/api/v1/environments/production/payload')).json.version
    await edit(h, 'pricing', true) // server-only: nothing a client key missed
    await h.settled()
    const quiet = await open(h, '/ofrep/v1/event-stream', {
      Authorization: `Bearer ${client}`,
      'Last-Event-ID': String(seen),
    })
    await edit(h, 'banner', false)
    const [first] = messages(await quiet.sse.until((events) => messages(events).length > 0))
    expect(Number(first!.id)).toBe(seen + 2)
    await quiet.sse.cancel()

    const behind = await open(h, `/ofrep/v1/event-stream?key=${client}&lastEventId=${seen}`)
    const [replayed] = messages(await behind.sse.until((events) => messages(events).length > 0))
    expect(Number(replayed!.id)).toBe(seen + 2)
    await behind.sse.cancel()
  })

  it('closes the stream when its key is revoked', async () => {
    const h = await withFlags()
    const created = await h.call('POST', '/api/v1/environments/production/keys', {
      body: { kind: 'client', name: 'page' },
    })
    const { sse } = await open(h, `/ofrep/v1/event-stream?key=${created.json.key}`)
    expect(h.broker.stats().subscribers).toBe(1)
    await h.call('DELETE', `/api/v1/keys/${created.json.id}`)
    await sse.done
    expect(sse.ended).toBe(true)
    expect(h.broker.stats().subscribers).toBe(0)
  })
})
