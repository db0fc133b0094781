import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBrowserClient } from './client.js'
import type { BrowserClientOptions } from './types.js'
import {
  booleanFlag,
  fakeEventSources,
  fakeFetch,
  jsonResponse,
  memoryStorage,
  payloadOf,
} from './test-fakes.js'

const proRule = {
  id: 'pro',
  clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
  serve: { variation: 1 },
}

function setup(options: Partial<BrowserClientOptions> = {}) {
  const es = fakeEventSources()
  const storage = memoryStorage()
  const client = createBrowserClient({
    baseUrl: 'https://flags.example.com/',
    clientKey: 'cli_test',
    context: { key: 'user-1' },
    connect: true,
    EventSource: es.EventSource,
    fetch: fakeFetch([() => new Response(null, { status: 503 })]).fetch,
    storage,
    random: () => 0.5,
    sendEvents: false, // reporting has its own tests (client-events.test.ts)
    ...options,
  })
  return { client, es, storage }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('the browser client', () => {
  it('serves false and defaults until flags are known', () => {
    const { client } = setup()
    expect(client.isEnabled('new-checkout')).toBe(false)
    expect(client.variation('banner', 'none')).toBe('none')
    expect(client.variationDetail('banner', 'none').reason).toEqual({
      kind: 'ERROR',
      errorKind: 'FLAG_NOT_FOUND',
    })
    expect(client.status()).toMatchObject({
      ready: false,
      source: 'none',
      connection: 'connecting',
    })
  })

  it('serves the bootstrap at once, before any connection', () => {
    const { client } = setup({
      connect: false,
      bootstrap: payloadOf(5, { a: { on: true }, b: { on: false } }),
    })
    expect(client.isEnabled('a')).toBe(true)
    expect(client.isEnabled('b')).toBe(false)
    expect(client.status()).toMatchObject({ source: 'bootstrap', version: 5, connection: 'idle' })
  })

  it('connects to the stream with the client key in the query', () => {
    const { es } = setup()
    expect(es.last().url).toBe('https://flags.example.com/sdk/v1/stream?key=cli_test')
  })

  it('resumes after the version it holds, kept from the last visit', () => {
    const storage = memoryStorage()
    setup({ storage })
      .es.last()
      .send('put', payloadOf(7, { a: { on: true } }), 7)
    const { es } = setup({ storage })
    expect(es.last().url).toBe('https://flags.example.com/sdk/v1/stream?key=cli_test&lastEventId=7')
    // Open without a put: nothing changed since, so the values held are the server's.
    const resumed = setup({ storage })
    expect(resumed.client.status()).toMatchObject({ ready: false, source: 'cache' })
    resumed.es.last().open()
    expect(resumed.client.status()).toMatchObject({ ready: true, source: 'server' })
  })

  it('applies a put, persists it, and serves it on the next page load at once', () => {
    const { client, es, storage } = setup()
    const changes: string[][] = []
    client.on('change', (keys) => changes.push(keys))
    es.last().open()
    es.last().send('put', payloadOf(7, { a: { on: true }, b: { on: false } }), 7)
    expect(client.isEnabled('a')).toBe(true)
    expect(changes).toEqual([['a', 'b']])
    expect(client.status()).toMatchObject({ ready: true, source: 'server', version: 7 })

    const next = setup({ storage, connect: false })
    expect(next.client.isEnabled('a')).toBe(true)
    expect(next.client.status()).toMatchObject({ source: 'cache', version: 7, ready: false })
  })

  it('prefers the bootstrap over the kept payload', () => {
    const storage = memoryStorage()
    const first = setup({ storage })
    first.es.last().send('put', payloadOf(9, { a: { on: true } }), 9)
    const { client } = setup({
      storage,
      connect: false,
      bootstrap: payloadOf(8, { a: { on: false } }),
    })
    expect(client.isEnabled('a')).toBe(false)
    expect(client.status().source).toBe('bootstrap')
  })

  it('applies a patch only when it is newer, and names only flags whose value changed', () => {
    const { client, es } = setup({ context: { key: 'user-1', plan: 'free' } })
    const changes: string[][] = []
    client.on('change', (keys) => changes.push(keys))
    es.last().send('put', payloadOf(10, { a: { on: false, version: 3 }, b: { on: true } }), 10)
    changes.length = 0

    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 3, value: booleanFlag('a', true, 3) },
      11,
    )
    expect(client.isEnabled('a')).toBe(false) // same version: stale patch ignored
    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 4, value: booleanFlag('a', true, 4) },
      12,
    )
    expect(client.isEnabled('a')).toBe(true)
    // A rule for another plan: b's value for this context stays true, so no change.
    const b = { ...booleanFlag('b', true, 2, [proRule]), fallthrough: { variation: 1 } }
    es.last().send('patch', { kind: 'flag', key: 'b', version: 2, value: b }, 13)
    expect(changes).toEqual([['a']])
    expect(client.status().version).toBe(13)
  })

  it('removes a flag on delete and serves the default again', () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(10, { a: { on: true, version: 2 } }), 10)
    const seen: string[][] = []
    client.on('change', (keys) => seen.push(keys))
    es.last().send('delete', { kind: 'flag', key: 'a', version: 3 }, 11)
    expect(client.isEnabled('a')).toBe(false)
    expect(client.variationDetail('a', false).reason.errorKind).toBe('FLAG_NOT_FOUND')
    expect(seen).toEqual([['a']])
  })

  it('re-evaluates locally on identify and names what changed', async () => {
    const { client, es } = setup({ context: { key: 'user-1', plan: 'free' } })
    const rules = [proRule]
    const payload = payloadOf(3, { pro: { on: true, rules }, all: { on: true } })
    payload.flags.pro!.fallthrough = { variation: 0 }
    es.last().send('put', payload, 3)
    expect(client.isEnabled('pro')).toBe(false)
    const seen: string[][] = []
    client.on('change', (keys) => seen.push(keys))
    await client.identify({ key: 'user-1', plan: 'pro' })
    expect(client.isEnabled('pro')).toBe(true)
    expect(seen).toEqual([['pro']])
    expect(es.sources).toHaveLength(1) // no new request
  })

  it('calls a per-flag subscriber only for its own flag', () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(1, { a: { on: false }, b: { on: false } }), 1)
    const calls: string[] = []
    const stop = client.subscribe('a', () => calls.push('a'))
    client.subscribe('b', () => calls.push('b'))
    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 2, value: booleanFlag('a', true, 2) },
      2,
    )
    stop()
    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 3, value: booleanFlag('a', false, 3) },
      3,
    )
    expect(calls).toEqual(['a'])
  })

  it('returns the same result object until the flag changes', () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(1, { a: { on: true } }), 1)
    const first = client.variationDetail('a', null)
    es.last().send(
      'patch',
      { kind: 'flag', key: 'x', version: 1, value: booleanFlag('x', true) },
      2,
    )
    expect(client.variationDetail('a', null)).toBe(first)
  })

  it('gives a context without key an anonymous key that the next page load keeps', () => {
    const storage = memoryStorage()
    const a = setup({ storage, context: { plan: 'pro' }, connect: false })
    const key = a.client.context().key
    expect(key).toMatch(/^[0-9a-f-]{32,36}$/)
    const b = setup({ storage, context: {}, connect: false })
    expect(b.client.context().key).toBe(key)
    expect(b.client.context()).not.toHaveProperty('plan')
  })

  it('leaves the key out where nothing could keep it (server rendering)', () => {
    const { client } = setup({ storage: null, context: { plan: 'pro' }, connect: false })
    expect(client.context()).toEqual({ plan: 'pro' })
  })

  it('does not connect during server rendering', () => {
    const es = fakeEventSources()
    const client = createBrowserClient({
      baseUrl: 'https://flags.example.com',
      clientKey: 'cli_test',
      EventSource: es.EventSource,
      storage: null,
    })
    expect(es.sources).toHaveLength(0)
    expect(client.status().connection).toBe('idle')
  })

  it('drops a malformed event, keeps its values and reconnects', () => {
    const { client, es } = setup()
    const errors: string[] = []
    client.on('error', (e) => errors.push(e.message))
    es.last().open()
    es.last().send('put', payloadOf(4, { a: { on: true } }), 4)
    es.last().send('patch', '{"kind":"flag","key":"a"', 5)
    expect(es.last().closed).toBe(true)
    expect(client.isEnabled('a')).toBe(true)
    expect(errors).toEqual(['malformed patch event'])
    es.last().send('put', { schemaVersion: 2 }, 6) // from the closed source: ignored
    vi.advanceTimersByTime(1000)
    expect(es.sources).toHaveLength(2)
    expect(client.isEnabled('a')).toBe(true)
  })

  it('ignores unknown event names', () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(4, { a: { on: true } }), 4)
    es.last().send('hello', 'not json at all', 5)
    expect(es.sources).toHaveLength(1)
    expect(client.isEnabled('a')).toBe(true)
  })

  it('lets the browser resume an interrupted stream by itself', () => {
    const { client, es } = setup()
    es.last().open()
    es.last().fail(false)
    expect(es.last().closed).toBe(false)
    expect(client.status()).toMatchObject({ stale: true, connection: 'connecting' })
    es.last().open()
    expect(client.status()).toMatchObject({ stale: false, connection: 'streaming' })
    vi.advanceTimersByTime(60_000)
    expect(es.sources).toHaveLength(1)
  })

  it('falls back to polling with If-None-Match after repeated stream failures', async () => {
    const polls = fakeFetch([
      () => jsonResponse(payloadOf(20, { a: { on: true } }), '"20"'),
      () => new Response(null, { status: 304 }),
    ])
    const { client, es } = setup({ fetch: polls.fetch, pollIntervalMs: 5000 })
    es.last().fail()
    es.last().fail()
    expect(polls.calls).toHaveLength(0)
    es.last().fail()
    expect(es.last().closed).toBe(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(polls.calls[0]).toEqual({
      url: 'https://flags.example.com/sdk/v1/flags?key=cli_test',
      headers: {},
    })
    expect(client.isEnabled('a')).toBe(true)
    expect(client.status()).toMatchObject({ connection: 'polling', ready: true, stale: false })

    // The stream is tried again after the backoff while polling goes on.
    await vi.advanceTimersByTimeAsync(750)
    expect(es.sources).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(4250)
    expect(polls.calls[1]!.headers).toEqual({ 'If-None-Match': '"20"' })
    expect(client.status().connection).toBe('polling')

    // Once the stream opens, polling stops.
    es.last().open()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(polls.calls).toHaveLength(2)
    expect(client.status().connection).toBe('streaming')
  })

  it('only polls when streaming is off', async () => {
    const polls = fakeFetch([() => jsonResponse(payloadOf(2, { a: { on: true } }))])
    const { client, es } = setup({ fetch: polls.fetch, streaming: false, pollIntervalMs: 1000 })
    await vi.advanceTimersByTimeAsync(2500)
    expect(es.sources).toHaveLength(0)
    expect(polls.calls).toHaveLength(3)
    expect(polls.calls[1]!.headers).toEqual({ 'If-None-Match': '"2"' }) // from the version
    expect(client.isEnabled('a')).toBe(true)
  })

  it('reports network trouble as status and events, never as a throw', async () => {
    const polls = fakeFetch([
      () => {
        throw new TypeError('Failed to fetch')
      },
    ])
    const { client, es } = setup({ fetch: polls.fetch, streamFailuresBeforePolling: 1 })
    const errors: string[] = []
    client.on('error', (e) => errors.push(e.message))
    es.last().fail(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toEqual(['the stream failed', 'Failed to fetch'])
    expect(client.status()).toMatchObject({ stale: true, error: 'Failed to fetch' })
  })

  it('resolves waitForReady once the server answered, and false on timeout', async () => {
    const { client, es } = setup()
    const timedOut = client.waitForReady(100)
    await vi.advanceTimersByTimeAsync(100)
    await expect(timedOut).resolves.toBe(false)
    const ready = client.waitForReady()
    es.last().send('put', payloadOf(1, {}), 1)
    await expect(ready).resolves.toBe(true)
  })

  it('stops everything on close and keeps serving the values held', async () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(1, { a: { on: true } }), 1)
    const waiting = setup().client
    const pending = waiting.waitForReady()
    void waiting.close()
    await expect(pending).resolves.toBe(false)
    void client.close()
    expect(es.last().closed).toBe(true)
    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 9, value: booleanFlag('a', false, 9) },
      9,
    )
    expect(client.isEnabled('a')).toBe(true)
    expect(client.status().connection).toBe('closed')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(es.sources).toHaveLength(1)
  })

  it('never throws, whatever it is asked or sent', () => {
    const { client, es } = setup()
    const hostile = {
      key: 'user-1',
      get plan(): string {
        throw new Error('boom')
      },
    }
    es.last().send('put', payloadOf(1, { a: { on: true, rules: [proRule] } }), 1)
    expect(() => client.identify(hostile as never)).not.toThrow()
    expect(client.variation('a', false)).toBe(false)
    expect(client.variationDetail('a', false).reason.errorKind).toBe('MALFORMED_FLAG')
    expect(client.variation(undefined as never, 'x')).toBe('x')
    expect(client.variation('a', 'text')).toBe('text')
    expect(client.variationDetail('a', 'text').reason.errorKind).toBe('MALFORMED_FLAG')
    es.last().send('patch', { kind: 'flag', key: 'b', version: 2, value: { key: 'b', version: 2 } })
    expect(client.variationDetail('b', 7).reason.errorKind).toBe('MALFORMED_FLAG')
  })

  it('serves the default with WRONG_TYPE when the flag has another type', () => {
    const { client, es } = setup()
    es.last().send('put', payloadOf(1, { a: { on: true } }), 1)
    expect(client.variationDetail('a', 'none')).toEqual({
      value: 'none',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
    })
    expect(client.variation('a', null)).toBe(true)
  })

  it('keeps working when a listener throws', async () => {
    const { client, es } = setup()
    client.on('change', () => {
      throw new Error('listener bug')
    })
    const seen: string[][] = []
    client.on('change', (keys) => seen.push(keys))
    es.last().send('put', payloadOf(1, { a: { on: true } }), 1)
    expect(seen).toEqual([['a']])
    expect(() => vi.runOnlyPendingTimers()).toThrow('listener bug')
  })
})
