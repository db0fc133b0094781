import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventBatch } from '@andon/core'
import { MAX_BATCHES, startEvents } from './events.js'
import type { BrowserClientOptions } from './types.js'
import { eventSink } from './test-fakes.js'

const URL = 'https://flags.example.com/sdk/v1/events?key=cli_test'

function setup(options: Partial<BrowserClientOptions> = {}) {
  const sink = eventSink()
  vi.setSystemTime(1_000)
  const page = new EventTarget()
  const events = startEvents(
    { baseUrl: 'https://flags.example.com/', clientKey: 'cli_test', fetch: sink.fetch, ...options },
    page,
  )
  // The clock moves, and no timer fires.
  return { sink, events, page, tick: (ms: number) => vi.setSystemTime(Date.now() + ms) }
}

/** Every event a batch stands for: exposures, metric events and those reported dropped. */
function eventsOf(batches: EventBatch[]): number {
  let n = 0
  for (const b of batches) {
    n += b.dropped
    for (const e of [...b.exposures, ...b.metrics]) n += e.count
  }
  return n
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('event reporting', () => {
  it('posts what was aggregated as one batch of JSON, with keepalive', async () => {
    const { sink, events, tick } = setup()
    events.exposure('banner', 1)
    events.exposure('banner', 1)
    events.exposure('banner', 0)
    events.metric('checkout-latency', 'banner', 1, 3)
    events.metric('checkout-latency', 'banner', 1, 4)
    tick(2500)
    await events.flush()

    expect(sink.posts).toHaveLength(1)
    const [post] = sink.posts
    expect(post!.url).toBe(URL)
    expect(post!.init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      keepalive: true,
    })
    expect(post!.batch.id).toMatch(/^[0-9a-f]{32}$/)
    expect(post!.batch).toEqual({
      id: post!.batch.id,
      startedAt: 3500,
      endedAt: 3500,
      exposures: [
        { flag: 'banner', variation: 0, count: 1 },
        { flag: 'banner', variation: 1, count: 2 },
      ],
      metrics: [
        {
          metric: 'checkout-latency',
          flag: 'banner',
          variation: 1,
          count: 2,
          sum: 7,
          sumSquares: 25,
        },
      ],
      dropped: 0,
    })
  })

  it('flushes every flushIntervalMs, with a new id and the window since the last batch', async () => {
    const { sink, events } = setup({ flushIntervalMs: 1000 })
    events.exposure('a', 0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(sink.posts).toHaveLength(1)
    events.exposure('a', 0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(sink.posts).toHaveLength(2)
    const [first, second] = sink.posts.map((p) => p.batch)
    expect(second!.id).not.toBe(first!.id)
    expect(second).toMatchObject({ startedAt: 2000, endedAt: 3000 })
  })

  it('posts nothing while there is nothing to report', async () => {
    const { sink, events } = setup()
    await vi.advanceTimersByTimeAsync(60_000)
    await events.flush()
    expect(sink.posts).toHaveLength(0)
  })

  it('retries a failed batch with the same id until the server takes it', async () => {
    const { sink, events } = setup()
    events.exposure('a', 1)
    for (const status of [500, 'offline', 429] as const) {
      sink.status = status
      await events.flush()
    }
    sink.status = 202
    events.exposure('a', 0)
    await events.flush()
    await events.flush()

    const ids = sink.posts.map((p) => p.batch.id)
    expect(ids.slice(0, 4)).toEqual([ids[0], ids[0], ids[0], ids[0]])
    expect(ids).toHaveLength(5) // then the second batch, once; the last flush had nothing
    expect(ids[4]).not.toBe(ids[0])
    expect(eventsOf(sink.accepted())).toBe(2)
  })

  it('posts one batch at a time, oldest first, and stops at the first failure', async () => {
    const { sink, events } = setup()
    sink.status = 503
    for (let i = 0; i < 3; i++) {
      events.exposure('a', i)
      await events.flush()
    }
    // Each flush tried the oldest batch only: a server that is down gets one request.
    expect(new Set(sink.posts.map((p) => p.batch.id)).size).toBe(1)
    expect(sink.posts).toHaveLength(3)

    sink.status = 202
    await events.flush()
    const sent = sink.posts.slice(3).map((p) => p.batch.exposures[0]!.variation)
    expect(sent).toEqual([0, 1, 2])
  })

  it('drops a batch the server refuses (4xx) and reports its events as dropped', async () => {
    const { sink, events } = setup()
    events.exposure('a', 1)
    events.metric('m', 'a', 1)
    sink.status = 400
    await events.flush()
    sink.status = 202
    await events.flush()
    expect(sink.posts).toHaveLength(2)
    expect(sink.posts[1]!.batch).toMatchObject({ exposures: [], metrics: [], dropped: 2 })
  })

  it(`keeps at most ${MAX_BATCHES} unsent batches and reports the events of those it drops`, async () => {
    const { sink, events } = setup()
    sink.status = 'offline'
    for (let i = 1; i <= MAX_BATCHES + 3; i++) {
      for (let j = 0; j < i; j++) events.exposure('a', 0) // batch i holds i exposures
      await events.flush()
    }
    sink.status = 202
    await events.flush()

    const accepted = sink.accepted()
    // Batches 1 to 3 went, each to make room for a newer one, which reports its count.
    expect(accepted.map((b) => b.exposures[0]!.count)).toEqual(
      Array.from({ length: MAX_BATCHES }, (_, i) => i + 4),
    )
    expect(accepted.map((b) => b.dropped)).toEqual([...Array(MAX_BATCHES - 3).fill(0), 1, 2, 3])
    const produced = ((MAX_BATCHES + 3) * (MAX_BATCHES + 4)) / 2
    expect(eventsOf(accepted)).toBe(produced)
  })

  it('posts every queued batch at once when the page is left', async () => {
    const { sink, events, page } = setup()
    sink.status = 'offline'
    for (let i = 0; i < 3; i++) {
      events.exposure('a', i)
      await events.flush()
    }
    events.exposure('a', 3)
    const before = sink.posts.length
    sink.status = 202
    page.dispatchEvent(new Event('pagehide'))
    // All at once, before any answer: the page may be gone before the first one comes.
    expect(sink.posts.length - before).toBe(4)
    await vi.advanceTimersByTimeAsync(0)
    expect(sink.accepted().map((b) => b.exposures[0]!.variation)).toEqual([0, 1, 2, 3])
    await events.flush()
    expect(sink.posts.length - before).toBe(4) // nothing was left to send again
  })

  it('flushes when the page becomes hidden, not when it becomes visible', async () => {
    const { sink, events, page } = setup()
    events.exposure('a', 1)
    vi.stubGlobal('document', { hidden: false })
    page.dispatchEvent(new Event('visibilitychange'))
    expect(sink.posts).toHaveLength(0)
    vi.stubGlobal('document', { hidden: true })
    page.dispatchEvent(new Event('visibilitychange'))
    expect(sink.posts).toHaveLength(1)
    expect(sink.posts[0]!.batch.exposures).toEqual([{ flag: 'a', variation: 1, count: 1 }])
    await events.close()
  })

  it('requeues a batch whose post on page hide failed, for the next flush', async () => {
    const { sink, events, page } = setup()
    events.exposure('a', 1)
    sink.status = 'offline'
    page.dispatchEvent(new Event('pagehide'))
    await vi.advanceTimersByTimeAsync(0)
    sink.status = 202
    await events.flush()
    expect(sink.posts.map((p) => p.batch.id)).toEqual([
      sink.posts[0]!.batch.id,
      sink.posts[0]!.batch.id,
    ])
    expect(sink.accepted()).toHaveLength(1)
  })

  it('on close flushes, then stops the timer and the page listeners', async () => {
    const { sink, events, page } = setup()
    events.exposure('a', 1)
    await events.close()
    expect(sink.posts).toHaveLength(1)
    events.exposure('a', 1)
    await vi.advanceTimersByTimeAsync(60_000)
    page.dispatchEvent(new Event('pagehide'))
    expect(sink.posts).toHaveLength(1)
  })

  it('never rejects, whatever fetch does', async () => {
    const { events } = setup({
      fetch: () => {
        throw new Error('synchronous trouble')
      },
    })
    events.exposure('a', 1)
    await expect(events.flush()).resolves.toBeUndefined()
    await expect(events.close()).resolves.toBeUndefined()
  })
})
