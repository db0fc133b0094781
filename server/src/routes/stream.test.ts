import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { readSse, type SseEvent } from '../testing/sse-reader.js'

let h: Harness
const open: { cancel: () => Promise<void> }[] = []

beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.cancel().catch(() => {})))
})

async function connect(
  token: string,
  headers: Record<string, string> = {},
  path = '/sdk/v1/stream',
) {
  const res = await h.app.request(path, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  })
  expect(res.status).toBe(200)
  const sse = readSse(res.body as ReadableStream<Uint8Array>)
  open.push(sse)
  return { res, sse }
}

const named = (name: string) => (events: SseEvent[]) => events.filter((e) => e.event === name)
const patchConfig = (key: string, body: unknown) =>
  h.call('PATCH', `/api/v1/flags/${key}/environments/production`, { body })
const version = async () =>
  (await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })).json.version

describe('GET /sdk/v1/stream', () => {
  it('starts with retry and one put of the payload, with SSE headers', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    const payload = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })
    const { res, sse } = await connect(h.key('production', 'server'))
    expect(res.headers.get('Content-Type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('no-cache, no-transform')
    expect(res.headers.get('X-Accel-Buffering')).toBe('no')
    expect(res.headers.get('Content-Encoding')).toBeNull()
    await sse.until((e) => e.length >= 2)
    expect(sse.text).toBe(
      `retry: 1000\n\nevent: put\nid: ${payload.json.version}\ndata: ${payload.text}\n\n`,
    )
  })

  it('sends each committed change as a patch numbered with the environment version', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    const { sse } = await connect(h.key('production', 'server'))
    await sse.until((e) => named('put')(e).length === 1)
    const before = sse.text
    const flag = (await patchConfig('f', { enabled: true })).json
    await sse.until((e) => named('patch')(e).length === 1)
    expect(sse.text.slice(before.length)).toBe(
      `event: patch\nid: ${await version()}\ndata: ${JSON.stringify({ kind: 'flag', key: 'f', version: 2, value: flag })}\n\n`,
    )
  })

  it('sends a delete when a flag is archived', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'gone' } })
    const { sse } = await connect(h.key('production', 'server'))
    await h.call('DELETE', '/api/v1/flags/gone')
    const [del] = named('delete')(await sse.until((e) => named('delete')(e).length === 1))
    expect(JSON.parse(del?.data as string)).toEqual({ kind: 'flag', key: 'gone', version: 2 })
    expect(del?.id).toBe(String(await version()))
  })

  it('resumes after Last-Event-ID with the logged changes in order, and no put', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    const from = await version()
    await patchConfig('f', { enabled: true })
    await patchConfig('f', { enabled: false })
    const { sse } = await connect(h.key('production', 'server'), { 'Last-Event-ID': String(from) })
    const events = await sse.until((e) => named('patch')(e).length === 2)
    expect(named('put')(events)).toEqual([])
    expect(named('patch')(events).map((e) => Number(e.id))).toEqual([from + 1, from + 2])
    expect(named('patch')(events).map((e) => JSON.parse(e.data as string).value.enabled)).toEqual([
      true,
      false,
    ])
  })

  it('sends one put when the changes after Last-Event-ID are no longer kept, or never were', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    await patchConfig('f', { enabled: true })
    await h.query('delete from change_log where version <= 2')
    for (const id of ['1', '999']) {
      const { sse } = await connect(h.key('production', 'server'), { 'Last-Event-ID': id })
      const events = await sse.until((e) => named('put')(e).length === 1)
      expect(named('patch')(events)).toEqual([])
      expect(named('put')(events)[0]?.id).toBe(String(await version()))
    }
  })

  it('gives every stream each change after its put once and in order when fan-outs span turns', async () => {
    h = await createHarness({ chunkSize: 2 })
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    const token = h.key('production', 'server')
    const early = await Promise.all([1, 2, 3, 4, 5].map(() => connect(token)))
    await Promise.all(early.map(({ sse }) => sse.until((e) => named('put')(e).length === 1)))
    // Two writes in one commit, a third beside a new connection, a fourth right after it.
    const [, , , late] = await Promise.all([
      patchConfig('f', { enabled: true }),
      patchConfig('f', { enabled: false }),
      patchConfig('f', { enabled: true }),
      connect(token),
    ])
    await patchConfig('f', { enabled: false })
    const last = await version()
    for (const { sse } of [...early, late]) {
      const events = await sse.until((e) => e.at(-1)?.id === String(last))
      const [put, ...patches] = events.filter((e) => e.event !== undefined)
      const ids = patches.map((e) => Number(e.id))
      const from = Number(put?.id)
      expect(put?.event).toBe('put')
      expect(ids).toEqual(Array.from({ length: last - from }, (_, i) => from + 1 + i))
    }
  })

  it('sends a comment line as a heartbeat', async () => {
    h = await createHarness({ heartbeatMs: 20 })
    const { sse } = await connect(h.key('production', 'server'))
    await sse.until((e) => e.some((x) => x.comment === true))
    expect(sse.text).toContain('\n:\n\n')
  })

  it('closes the streams of a revoked key at once', async () => {
    const key = await h.call('POST', '/api/v1/environments/production/keys', {
      body: { kind: 'server', name: 'doomed' },
    })
    const { sse } = await connect(key.json.key)
    const other = await connect(h.key('production', 'server'))
    await sse.until((e) => e.length >= 2)
    await h.call('DELETE', `/api/v1/keys/${key.json.id}`)
    await sse.done
    expect(sse.ended).toBe(true)
    expect(other.sse.ended).toBe(false)
    expect(h.broker.stats().subscribers).toBe(1)
  })

  it('gives the admin UI the server view at /api/v1/environments/:env/stream', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'secret-sauce' } })
    const { sse } = await connect(h.admin, {}, '/api/v1/environments/production/stream')
    await patchConfig('secret-sauce', { enabled: true })
    const events = await sse.until((e) => named('patch')(e).length === 1)
    expect(JSON.parse(named('patch')(events)[0]?.data as string).key).toBe('secret-sauce')
    const denied = await h.app.request('/api/v1/environments/production/stream', {
      headers: { Authorization: `Bearer ${h.key('production', 'server')}` },
    })
    expect(denied.status).toBe(403)
  })
})

describe('the client view of the stream', () => {
  const segmentRule = (segment: string) => ({
    rules: [
      {
        clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segment] }],
        serve: { variation: 1 },
      },
    ],
  })

  it('sends client keys only client-side flags, and the segments they start to use first', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'web', clientSide: true } })
    await h.call('POST', '/api/v1/flags', { body: { key: 'backend' } })
    await h.call('POST', '/api/v1/environments/production/segments', { body: { key: 'vip' } })
    await h.call('POST', '/api/v1/environments/production/segments', { body: { key: 'ops' } })
    const client = await connect(h.key('production', 'client'))
    const server = await connect(h.key('production', 'server'))
    await client.sse.until((e) => named('put')(e).length === 1)
    expect(
      Object.keys(JSON.parse(named('put')(client.sse.events())[0]?.data as string).flags),
    ).toEqual(['web'])

    await patchConfig('backend', { enabled: true, ...segmentRule('ops') })
    await h.call('PATCH', '/api/v1/environments/production/segments/ops', {
      body: { included: ['x'] },
    })
    await patchConfig('web', segmentRule('vip'))
    await h.call('PATCH', '/api/v1/environments/production/segments/vip', {
      body: { included: ['y'] },
    })
    await h.call('PATCH', '/api/v1/flags/web', { body: { clientSide: false } })

    const seen = await client.sse.until((e) => named('delete')(e).length === 1)
    const items = seen
      .filter((e) => e.event === 'patch' || e.event === 'delete')
      .map(
        (e) =>
          `${e.event} ${JSON.parse(e.data as string).kind} ${JSON.parse(e.data as string).key}`,
      )
    expect(items).toEqual([
      'patch segment vip',
      'patch flag web',
      'patch segment vip',
      'delete flag web',
    ])
    expect(client.sse.text).not.toContain('backend')
    expect(client.sse.text).not.toContain('"ops"')
    const serverSeen = await server.sse.until((e) => named('patch')(e).length === 5)
    expect(named('delete')(serverSeen)).toEqual([])
  })
})

describe('stream resources', { timeout: 60_000 }, () => {
  it('leaves no subscriber and no timer after 10,000 connect/abort cycles', async () => {
    const token = h.key('production', 'server')
    for (let i = 0; i < 10_000; i++) {
      const res = await h.app.request('/sdk/v1/stream', {
        headers: { Authorization: `Bearer ${token}` },
      })
      await (res.body as ReadableStream).cancel()
    }
    expect(h.broker.stats()).toEqual({ subscribers: 0, timers: 0 })
  })

  it('closes a connection that stops reading once more than 1 MiB waits for it', async () => {
    await h.call('POST', '/api/v1/flags', {
      body: { key: 'big', variations: ['x'.repeat(100_000), 'y'] },
    })
    const res = await h.app.request('/sdk/v1/stream', {
      headers: { Authorization: `Bearer ${h.key('production', 'server')}` },
    })
    const reader = await connect(h.key('production', 'server'))
    expect(h.broker.stats().subscribers).toBe(2)
    for (let i = 0; i < 20; i++) await patchConfig('big', { enabled: i % 2 === 0 })
    // The stalled one (never read) is gone; the reading one stays.
    expect(h.broker.stats().subscribers).toBe(1)
    await reader.sse.until((e) => named('patch')(e).length === 20)
    await (res.body as ReadableStream).cancel().catch(() => {})
  })
})
