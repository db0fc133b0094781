/**
 * OFREP's event stream (ADR 0008) on the real server process, over real sockets: the URL a
 * client key's bulk answer names, opened as a page would, gets a `refetchEvaluation` for each
 * admin edit of a flag the key can see, and nothing for a server-only flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSse, type SseEvent } from '../../server/src/testing/sse-reader.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

let server: AndonServer
const opened: { cancel(): Promise<void> }[] = []

beforeAll(async () => {
  server = await startAndonServer()
  await server.admin('POST', '/api/v1/flags', { key: 'banner', clientSide: true })
  await server.admin('POST', '/api/v1/flags', { key: 'pricing', clientSide: false })
})

afterAll(async () => {
  await Promise.all(opened.map((s) => s.cancel()))
  await server?.stop()
})

const key = (kind: 'client' | 'server') => server.secrets.keys[`production ${kind}`]!

async function bulk(kind: 'client' | 'server') {
  const res = await fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
    method: 'POST',
    headers: { 'X-API-Key': key(kind), 'Content-Type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'user-1' } }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    eventStreams?: { type: string; endpoint: { requestUri: string } }[]
  }
}

async function open(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers })
  expect(res.status).toBe(200)
  const sse = readSse(res.body!)
  opened.push(sse)
  return { res, sse }
}

const edit = (flag: string, enabled: boolean) =>
  server.admin<{ version: number }>('PATCH', `/api/v1/flags/${flag}/environments/production`, {
    enabled,
  })

const notes = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'message').map((e) => ({ id: Number(e.id), data: e.data }))

describe('the OFREP event stream of the real server', () => {
  it('tells a client key of edits to its flags, and of none to server-only flags', async () => {
    const [stream] = (await bulk('client')).eventStreams!
    expect(stream!.type).toBe('sse')
    const client = await open(`${server.url}${stream!.endpoint.requestUri}`, {
      Origin: 'http://page.example',
    })
    expect(client.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(client.res.headers.get('access-control-allow-origin')).toBe('*')
    // A server key, with a header, hears of every flag: the witness that the edits went out.
    const witness = await open(`${server.url}/ofrep/v1/event-stream`, {
      Authorization: `Bearer ${key('server')}`,
    })
    // Headers arrive only once a connection is subscribed: both hear every edit after this.
    await edit('banner', true)
    await edit('pricing', true)
    await edit('banner', false)
    const heard = notes(await witness.sse.until((events) => notes(events).length === 3))
    const [first, serverOnly, last] = heard.map((n) => n.id)
    expect(serverOnly).toBe(first! + 1)
    expect(last).toBe(first! + 2)
    const told = notes(await client.sse.until((events) => notes(events).length >= 2))
    expect(told).toEqual([
      { id: first, data: `{"type":"refetchEvaluation","etag":"\\"${first}\\""}` },
      { id: last, data: `{"type":"refetchEvaluation","etag":"\\"${last}\\""}` },
    ])
  })

  it('names no stream to a server key, whose secret must not go into a URL', async () => {
    expect(await bulk('server')).not.toHaveProperty('eventStreams')
    const res = await fetch(`${server.url}/ofrep/v1/event-stream?key=${key('server')}`)
    expect(res.status).toBe(403)
    await res.body?.cancel()
  })
})
