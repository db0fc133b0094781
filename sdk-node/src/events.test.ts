import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFlagStore, type EventBatch, type Flag } from '@andon/core'
import { createClient, type AndonClient, type AndonSdkError, type ClientOptions } from './index.js'
import type { Timers } from './options.js'
import { startTestServer, TEST_KEY, type TestServer } from '../../tests/sdk-node/sse-test-server.js'
import { boolFlag, payloadOf, until } from '../../tests/sdk-node/fixtures.js'

const half = {
  rollout: {
    variations: [
      { variation: 0, weight: 50000 },
      { variation: 1, weight: 50000 },
    ],
  },
}
/** Half the contexts get each variation; its guard watches latency and errors. */
const checkout: Flag = {
  key: 'new-checkout',
  version: 1,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: half,
  metrics: ['latency', 'errors'],
}
/** Swedes get variation 2, everyone else 0; watches latency too. */
const search: Flag = {
  key: 'search-engine',
  version: 1,
  enabled: true,
  variations: ['old', 'fast', 'new'],
  offVariation: 1,
  rules: [
    {
      id: 'se',
      clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }],
      serve: { variation: 2 },
    },
  ],
  fallthrough: { variation: 0 },
  metrics: ['latency'],
}
/** Watches nothing. */
const banner = boolFlag('banner', 1, true)
const payload = payloadOf(3, [checkout, search, banner])

/** The variation an independent store serves, to compare the SDK's attribution with. */
const reference = createFlagStore(payload)
const served = (flag: string, context: { key: string; country?: string }) =>
  reference.evaluate(flag, context, null).variationIndex!

const contexts = Array.from({ length: 200 }, (_, i) => ({
  key: `user-${i}`,
  country: i % 3 === 0 ? 'SE' : 'DE',
}))

let server: TestServer
const clients: AndonClient[] = []

function client(options: Partial<ClientOptions> = {}): AndonClient {
  const c = createClient({
    baseUrl: server.url,
    sdkKey: TEST_KEY,
    flushIntervalMs: 600_000, // flushes are the tests' own, unless a test says otherwise
    ...options,
  })
  clients.push(c)
  return c
}

async function ready(options: Partial<ClientOptions> = {}) {
  const c = client(options)
  expect(await c.ready({ timeoutMs: 3000 })).toBe(true)
  return c
}

/** Exposure counts of the accepted batches, as `flag/variation` → count. */
function exposures(batches: EventBatch[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const b of batches) {
    for (const e of b.exposures)
      out[`${e.flag}/${e.variation}`] = (out[`${e.flag}/${e.variation}`] ?? 0) + e.count
  }
  return out
}

const total = (batches: EventBatch[], field: 'exposures' | 'dropped') =>
  batches.reduce(
    (n, b) => n + (field === 'dropped' ? b.dropped : b.exposures.reduce((m, e) => m + e.count, 0)),
    0,
  )

beforeEach(async () => {
  server = await startTestServer({ payload })
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await server.close()
})

describe('exposures', () => {
  it('counts the evaluations that served each variation and posts them on flush() with the key', async () => {
    const c = await ready()
    const expected: Record<string, number> = {}
    for (const ctx of contexts) {
      c.isEnabled('new-checkout', ctx)
      const k = `new-checkout/${served('new-checkout', ctx)}`
      expected[k] = (expected[k] ?? 0) + 1
    }
    for (const ctx of contexts.slice(0, 30)) {
      c.variation('search-engine', ctx, 'old')
      c.stringVariation('search-engine', ctx, 'old')
      const k = `search-engine/${served('search-engine', ctx)}`
      expected[k] = (expected[k] ?? 0) + 2
    }
    // Not exposures: a flag that does not exist, a type mismatch served as the default,
    // allFlags, and the evaluation that attributes a tracked event.
    c.isEnabled('missing', contexts[0]!)
    c.numberVariation('banner', contexts[0]!, 1)
    c.allFlags(contexts[0]!)
    c.track('errors', contexts[0]!)
    c.boolVariation('banner', contexts[0]!, false)
    expected['banner/1'] = 1
    expect(expected['new-checkout/0']).toBeGreaterThan(50)
    expect(expected['new-checkout/1']).toBeGreaterThan(50)
    expect(expected['search-engine/2']).toBeGreaterThan(5)

    await c.flush()
    expect(server.eventPosts).toHaveLength(1)
    expect(exposures(server.batches)).toEqual(expected)
    expect(server.batches[0]!.dropped).toBe(0)
    const post = server.requests.find((r) => r.path === '/sdk/v1/events')!
    expect(post.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(post.headers['content-type']).toBe('application/json')
    // Nothing new: a flush posts nothing.
    await c.flush()
    expect(server.eventPosts).toHaveLength(1)
  })

  it('posts on the timer, every flushIntervalMs, on a timer that does not keep the process alive', async () => {
    const pending: { callback: () => void; ms: number; unref: () => void; unrefs: number }[] = []
    const timers: Timers = {
      setTimeout(callback, ms) {
        const handle = { callback, ms, unrefs: 0, unref: () => handle.unrefs++ }
        pending.push(handle)
        return handle
      },
      clearTimeout(handle) {
        const i = pending.indexOf(handle as never)
        if (i >= 0) pending.splice(i, 1)
      },
    }
    const c = await ready({ timers, flushIntervalMs: 4321 })
    const flushTimer = () => pending.find((t) => t.ms === 4321)
    expect(flushTimer()?.unrefs).toBe(1)
    c.isEnabled('banner', contexts[0]!)
    const first = flushTimer()!
    pending.splice(pending.indexOf(first), 1)
    first.callback()
    await server.nextEventPost(1)
    expect(exposures(server.batches)).toEqual({ 'banner/1': 1 })
    // The next flush is scheduled once this one is done.
    await until(() => flushTimer() !== undefined, 2000, 'the next flush timer')
    expect(flushTimer()).not.toBe(first)
    expect(flushTimer()!.unrefs).toBe(1)
  })

  it('flushes on close, and counts nothing after', async () => {
    const c = await ready()
    c.isEnabled('banner', contexts[0]!)
    c.track('latency', contexts[0]!, 12)
    await c.close()
    expect(server.batches).toHaveLength(1)
    // The tracked event stands for an exposure of each watching flag's variation.
    expect(exposures(server.batches)).toEqual({
      'banner/1': 1,
      [`new-checkout/${served('new-checkout', contexts[0]!)}`]: 1,
      [`search-engine/${served('search-engine', contexts[0]!)}`]: 1,
    })
    expect(server.batches[0]!.metrics.map((m) => m.flag).sort()).toEqual([
      'new-checkout',
      'search-engine',
    ])
    c.isEnabled('banner', contexts[0]!)
    c.track('latency', contexts[0]!, 12)
    await c.flush()
    expect(server.eventPosts).toHaveLength(1)
  })

  it('gives up the last post after closeTimeoutMs when the server does not answer', async () => {
    server.eventStatuses = [0] // never answers
    const c = await ready({ closeTimeoutMs: 50, requestTimeoutMs: 60_000 })
    c.isEnabled('banner', contexts[0]!)
    const hanging = c.flush()
    await server.nextEventPost(1)
    c.isEnabled('banner', contexts[1]!)
    // Without the bound, close() would wait the minute of requestTimeoutMs and the test time out.
    await c.close()
    await hanging // given up too, without a rejection
    expect(server.eventPosts).toHaveLength(1)
    expect(server.batches).toHaveLength(0)
    expect(c.status()).toBe('closed')
  })
})

describe('track', () => {
  it('attributes each event to the variation every watching flag serves, as count, sum and sum of squares', async () => {
    const c = await ready()
    type Cell = { count: number; sum: number; sumSquares: number }
    const expected = new Map<string, Cell>()
    const add = (metric: string, flag: string, ctx: (typeof contexts)[number], value?: number) => {
      const k = `${metric}/${flag}/${served(flag, ctx)}`
      const cell = expected.get(k) ?? { count: 0, sum: 0, sumSquares: 0 }
      cell.count++
      if (value !== undefined) {
        cell.sum += value
        cell.sumSquares += value * value
      }
      expected.set(k, cell)
    }
    contexts.forEach((ctx, i) => {
      const latency = 100 + (i % 7) * 10
      c.track('latency', ctx, latency)
      add('latency', 'new-checkout', ctx, latency)
      add('latency', 'search-engine', ctx, latency)
      if (i % 4 === 0) {
        c.track('errors', ctx)
        add('errors', 'new-checkout', ctx)
      }
    })
    c.track('nobody-watches', contexts[0]!, 5)
    await c.flush()
    const got = new Map<string, Cell>()
    for (const m of server.batches[0]!.metrics) {
      got.set(`${m.metric}/${m.flag}/${m.variation}`, {
        count: m.count,
        sum: m.sum,
        sumSquares: m.sumSquares,
      })
    }
    expect(got).toEqual(expected)
    // Every variation in play got its share: 2 of new-checkout, 2 of search-engine.
    expect([...got.keys()].filter((k) => k.startsWith('latency/')).sort()).toEqual([
      'latency/new-checkout/0',
      'latency/new-checkout/1',
      'latency/search-engine/0',
      'latency/search-engine/2',
    ])
    // Nothing was evaluated, yet each (flag, variation) counts as many exposures as its
    // metric with the most events: a batch never has more events than exposures.
    const exposed: Record<string, number> = {}
    expected.forEach((cell, k) => {
      const at = k.slice(k.indexOf('/') + 1)
      exposed[at] = Math.max(exposed[at] ?? 0, cell.count)
    })
    expect(exposures(server.batches)).toEqual(exposed)
  })

  it('follows a change of the flags that watch a metric', async () => {
    const c = await ready()
    server.broadcast(
      'patch',
      {
        kind: 'flag',
        key: 'banner',
        version: 2,
        value: { ...banner, version: 2, metrics: ['clicks'] },
      },
      4,
    )
    await until(() => c.version() === 4, 2000, 'the patch')
    c.track('clicks', contexts[0]!)
    await c.flush()
    expect(server.batches[0]!.metrics).toEqual([
      { metric: 'clicks', flag: 'banner', variation: 1, count: 1, sum: 0, sumSquares: 0 },
    ])
  })

  it('ignores a value that is not a finite number, with one invalid-event error', async () => {
    const c = await ready()
    const errors: AndonSdkError[] = []
    c.on('error', (e) => errors.push(e))
    c.track('latency', contexts[0]!, Number.NaN)
    c.track('latency', contexts[0]!, Number.POSITIVE_INFINITY)
    c.track('latency', contexts[0]!, '12' as unknown as number)
    c.track('latency', contexts[0]!, 1e200) // its square is not finite
    c.track('errors', contexts[0]!)
    await c.flush()
    expect(errors.map((e) => e.kind)).toEqual(['invalid-event'])
    expect(server.batches[0]!.metrics).toEqual([
      {
        metric: 'errors',
        flag: 'new-checkout',
        variation: served('new-checkout', contexts[0]!),
        count: 1,
        sum: 0,
        sumSquares: 0,
      },
    ])
  })
})

describe('delivery', () => {
  it('posts a batch that failed (500, 429, network) again with the same id, counting it once', async () => {
    server.eventStatuses = [500, 429]
    let failNext = false
    const c = await ready({
      fetch: (input, init) => {
        if (failNext && init?.method === 'POST') {
          failNext = false
          return Promise.reject(new TypeError('fetch failed'))
        }
        return globalThis.fetch(input, init)
      },
    })
    const errors: AndonSdkError[] = []
    c.on('error', (e) => errors.push(e))
    c.isEnabled('banner', contexts[0]!)
    await c.flush() // 500
    c.isEnabled('banner', contexts[0]!)
    await c.flush() // the first batch again: 429
    failNext = true
    await c.flush() // the first batch again: a network error
    c.isEnabled('banner', contexts[0]!)
    await c.flush() // the first batch, accepted, then the two others
    const ids = server.eventPosts.map((p) => p.batch.id)
    expect(server.eventPosts.map((p) => p.status)).toEqual([500, 429, 202, 202, 202])
    expect(ids[1]).toBe(ids[0])
    expect(ids[2]).toBe(ids[0])
    expect(new Set(ids).size).toBe(3)
    expect(exposures(server.batches)).toEqual({ 'banner/1': 3 })
    expect(errors.map((e) => [e.kind, e.status])).toEqual([
      ['events', 500],
      ['events', 429],
      ['events', undefined],
    ])
  })

  it('drops a batch the server refuses (400) and reports its events as dropped', async () => {
    server.eventStatuses = [400]
    const c = await ready()
    c.isEnabled('banner', contexts[0]!)
    c.isEnabled('banner', contexts[1]!)
    c.track('errors', contexts[0]!)
    await c.flush()
    c.isEnabled('banner', contexts[0]!)
    await c.flush()
    expect(server.eventPosts.map((p) => p.status)).toEqual([400, 202])
    expect(server.batches).toHaveLength(1)
    // Two exposures of banner, one event, and the exposure that event stands for.
    expect(server.batches[0]!.dropped).toBe(4)
    expect(exposures(server.batches)).toEqual({ 'banner/1': 1 })
  })

  it('keeps at most 20 unsent batches: the oldest go, their events counted as dropped', async () => {
    server.eventStatuses = Array.from({ length: 25 }, () => 503)
    const c = await ready()
    for (let i = 0; i < 25; i++) {
      c.isEnabled('banner', contexts[i]!)
      await c.flush() // posts the oldest batch, which fails
    }
    expect(server.eventPosts).toHaveLength(25)
    expect(server.batches).toHaveLength(0)
    await c.flush() // the server is back: every batch kept, oldest first
    expect(server.batches).toHaveLength(20)
    expect(total(server.batches, 'exposures')).toBe(20)
    expect(total(server.batches, 'dropped')).toBe(5)
    const posted = server.eventPosts.map((p) => p.batch.id)
    // The retries went oldest first: the first five were dropped after failing, in order.
    expect(new Set(posted.slice(0, 25)).size).toBe(6)
    expect(server.batches.map((b) => b.id)).toEqual(posted.slice(25))
    expect(server.batches[0]!.id).toBe(posted[24])
  })

  it('runs one pass at a time with at most one waiting, however often flush() is called', async () => {
    server.eventStatuses = Array.from({ length: 50 }, () => 503)
    const c = await ready()
    const flushes: Promise<void>[] = []
    for (let i = 0; i < 15; i++) {
      c.isEnabled('banner', contexts[i]!)
      flushes.push(c.flush())
    }
    await Promise.all(flushes)
    // Every flush joined the pass that had not started yet: one post of the oldest batch,
    // which failed, not fifteen.
    expect(server.eventPosts).toHaveLength(1)
    c.isEnabled('banner', contexts[0]!)
    await c.flush()
    expect(server.eventPosts).toHaveLength(2)
    expect(new Set(server.eventPosts.map((p) => p.batch.id)).size).toBe(1)
    server.eventStatuses = []
    await c.flush()
    expect(total(server.batches, 'exposures')).toBe(16)
  })

  it('sends nothing with sendEvents: false, nor offline', async () => {
    const c = await ready({ sendEvents: false })
    let offlineFetches = 0
    const offline = client({
      offline: true,
      bootstrap: payload,
      fetch: () => {
        offlineFetches++
        return Promise.reject(new Error('offline'))
      },
    })
    for (const each of [c, offline]) {
      each.isEnabled('banner', contexts[0]!)
      each.track('latency', contexts[0]!, 3)
      await each.flush()
    }
    expect(offline.isEnabled('banner', contexts[0]!)).toBe(true)
    await Promise.all([c.close(), offline.close()])
    expect(server.requests.filter((r) => r.path === '/sdk/v1/events')).toEqual([])
    expect(offlineFetches).toBe(0)
  })
})
