// What the client reports for the guard: exposures of what it serves, tracked metrics
// attributed to the variation each watching flag serves, and when it posts them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Payload } from '@andon/core'
import { createBrowserClient } from './client.js'
import type { BrowserClientOptions } from './types.js'
import { booleanFlag, eventSink, fakeEventSources, memoryStorage } from './test-fakes.js'

const proRule = {
  id: 'pro',
  clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
  serve: { variation: 1 },
}

/** `checkout` serves true to pro users, false to others; both flags watch `checkout-error`. */
const payload: Payload = {
  schemaVersion: 1,
  environment: 'test',
  version: 3,
  flags: {
    checkout: { ...booleanFlag('checkout', true, 1, [proRule]), fallthrough: { variation: 0 } },
    banner: { ...booleanFlag('banner', true), metrics: ['checkout-error', 'latency'] },
    off: { ...booleanFlag('off', false), offVariation: null },
    color: {
      key: 'color',
      version: 1,
      enabled: true,
      variations: ['red', 'blue'],
      offVariation: 0,
      fallthrough: { variation: 1 },
    },
  },
  segments: {},
}
payload.flags.checkout!.metrics = ['checkout-error', 'latency']

function setup(options: Partial<BrowserClientOptions> = {}) {
  const sink = eventSink()
  const client = createBrowserClient({
    baseUrl: 'https://flags.example.com/',
    clientKey: 'cli_test',
    context: { key: 'user-1', plan: 'pro' },
    bootstrap: payload,
    connect: true,
    EventSource: fakeEventSources().EventSource,
    fetch: sink.fetch,
    storage: memoryStorage(),
    ...options,
  })
  return { client, sink }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('what the client reports', () => {
  it('counts an exposure per evaluation, per variation served', async () => {
    const { client, sink } = setup()
    client.isEnabled('checkout')
    client.variation('checkout', false)
    await client.identify({ key: 'user-2', plan: 'free' })
    client.variationDetail('checkout', false)
    client.variation('color', 'none')
    await client.flush()

    expect(sink.posts).toHaveLength(1)
    expect(sink.posts[0]!.url).toBe('https://flags.example.com/sdk/v1/events?key=cli_test')
    expect(sink.posts[0]!.batch.exposures).toEqual([
      { flag: 'checkout', variation: 0, count: 1 },
      { flag: 'checkout', variation: 1, count: 2 },
      { flag: 'color', variation: 1, count: 1 },
    ])
  })

  it('counts no exposure where no variation is served, nor for peek and initialDetail', async () => {
    const { client, sink } = setup()
    client.isEnabled('unknown') // FLAG_NOT_FOUND
    client.variation('off', 'default') // off without an off variation
    client.variation('color', false) // WRONG_TYPE: the default is served
    client.peek('checkout')
    client.initialDetail('checkout')
    await client.flush()
    expect(sink.posts).toHaveLength(0)
  })

  it('attributes a tracked event to the variation each watching flag serves', async () => {
    const { client, sink } = setup()
    client.track('latency', 120)
    client.track('latency', 80)
    client.track('checkout-error')
    await client.identify({ key: 'user-2', plan: 'free' })
    client.track('latency', 300)
    client.track('not-watched')
    await client.flush()

    const { metrics, exposures } = sink.posts[0]!.batch
    expect(metrics).toEqual([
      // checkout serves variation 1 to pro users and 0 to the others; banner 1 to all.
      { metric: 'latency', flag: 'checkout', variation: 0, count: 1, sum: 300, sumSquares: 90_000 },
      { metric: 'latency', flag: 'checkout', variation: 1, count: 2, sum: 200, sumSquares: 20_800 },
      { metric: 'latency', flag: 'banner', variation: 1, count: 3, sum: 500, sumSquares: 110_800 },
      { metric: 'checkout-error', flag: 'checkout', variation: 1, count: 1, sum: 0, sumSquares: 0 },
      { metric: 'checkout-error', flag: 'banner', variation: 1, count: 1, sum: 0, sumSquares: 0 },
    ])
    // Evaluating for track is no exposure, but a batch never has more events of a variation
    // than exposures of it: each (flag, variation) counts its metric with the most events.
    expect(exposures).toEqual([
      { flag: 'checkout', variation: 0, count: 1 },
      { flag: 'checkout', variation: 1, count: 2 },
      { flag: 'banner', variation: 1, count: 3 },
    ])
  })

  it('posts every flushIntervalMs', async () => {
    const { client, sink } = setup({ flushIntervalMs: 1000 })
    client.isEnabled('checkout')
    await vi.advanceTimersByTimeAsync(999)
    expect(sink.posts).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(sink.posts).toHaveLength(1)
  })

  it('posts what is left on close, and counts nothing after', async () => {
    const { client, sink } = setup()
    client.isEnabled('checkout')
    await client.close()
    expect(sink.posts).toHaveLength(1)
    client.isEnabled('checkout')
    client.track('latency', 1)
    await client.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sink.posts).toHaveLength(1)
    expect(client.isEnabled('checkout')).toBe(true) // still serving
  })

  it('sends nothing with sendEvents: false', async () => {
    const { client, sink } = setup({ sendEvents: false })
    client.isEnabled('checkout')
    client.track('latency', 1)
    await client.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    await client.close()
    expect(sink.posts).toHaveLength(0)
  })

  it('sends nothing during server rendering', async () => {
    const { client, sink } = setup({ connect: false })
    client.isEnabled('checkout')
    await client.flush()
    await client.close()
    expect(sink.posts).toHaveLength(0)
  })
})
