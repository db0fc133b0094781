import { afterEach, describe, expect, it, vi } from 'vitest'
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk'
import { createBrowserClient } from '../client.js'
import {
  booleanFlag,
  eventSink,
  fakeEventSources,
  memoryStorage,
  payloadOf,
} from '../test-fakes.js'
import { AndonOpenFeatureProvider, toAndonContext } from './index.js'

function bootstrapped() {
  const payload = payloadOf(3, { checkout: { on: true }, off: { on: false } })
  payload.flags.banner = {
    key: 'banner',
    version: 1,
    enabled: true,
    variations: ['none', { name: 'sale', value: 'sale-20' }],
    offVariation: 0,
    rules: [
      {
        id: 'pro',
        clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
        serve: { variation: 1 },
      },
    ],
    fallthrough: { variation: 0 },
  }
  return payload
}

describe('the OpenFeature provider', () => {
  afterEach(async () => {
    await OpenFeature.clearProviders()
    await OpenFeature.setContext({})
  })

  it('resolves typed values with reasons, variants and error codes', async () => {
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      bootstrap: bootstrapped(),
      storage: memoryStorage(),
    })
    await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'pro' })
    await OpenFeature.setProviderAndWait(new AndonOpenFeatureProvider(client))
    const of = OpenFeature.getClient()
    expect(of.getBooleanDetails('checkout', false)).toMatchObject({
      value: true,
      variant: '1',
      reason: 'STATIC',
      flagMetadata: { version: 1, environment: 'test' },
    })
    expect(of.getBooleanDetails('off', true)).toMatchObject({ value: false, reason: 'DISABLED' })
    expect(of.getStringDetails('banner', 'x')).toMatchObject({
      value: 'sale-20',
      variant: 'sale',
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleId: 'pro' },
    })
    expect(of.getStringDetails('checkout', 'x')).toMatchObject({
      value: 'x',
      errorCode: 'TYPE_MISMATCH',
      errorMessage: "flag 'checkout' serves a value of another type than the default",
    })
    expect(of.getNumberDetails('missing', 3)).toMatchObject({
      value: 3,
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: "flag 'missing' was not found",
    })

    await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'free' })
    expect(of.getStringDetails('banner', 'x')).toMatchObject({
      value: 'none',
      variant: '0',
      reason: 'DEFAULT',
    })
  })

  it('counts an exposure for what it serves, and passes tracking on to the client', async () => {
    const payload = bootstrapped()
    payload.flags.banner!.metrics = ['signup']
    const sink = eventSink()
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      bootstrap: payload,
      storage: memoryStorage(),
      connect: true,
      EventSource: fakeEventSources().EventSource,
      fetch: sink.fetch,
    })
    await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'pro' })
    await OpenFeature.setProviderAndWait(new AndonOpenFeatureProvider(client))
    const of = OpenFeature.getClient()
    of.getStringValue('banner', 'x')
    of.getBooleanValue('banner', false) // TYPE_MISMATCH: the default is served, no exposure
    of.track('signup', { value: 30 })
    await client.close()

    expect(sink.posts).toHaveLength(1)
    expect(sink.posts[0]!.batch).toMatchObject({
      exposures: [{ flag: 'banner', variation: 1, count: 1 }],
      metrics: [{ metric: 'signup', flag: 'banner', variation: 1, count: 1, sum: 30 }],
    })
  })

  it('becomes ready when the server answers, and passes changes on', async () => {
    const es = fakeEventSources()
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      connect: true,
      EventSource: es.EventSource,
      storage: memoryStorage(),
    })
    const ready = OpenFeature.setProviderAndWait(new AndonOpenFeatureProvider(client))
    es.last().open()
    es.last().send('put', payloadOf(1, { a: { on: false } }), 1)
    await ready
    const of = OpenFeature.getClient()
    const changed: string[][] = []
    of.addHandler(ProviderEvents.ConfigurationChanged, (e) => changed.push(e?.flagsChanged ?? []))
    es.last().send(
      'patch',
      { kind: 'flag', key: 'a', version: 2, value: booleanFlag('a', true, 2) },
      2,
    )
    await new Promise((r) => setTimeout(r, 0))
    expect(changed).toEqual([['a']])
    expect(of.getBooleanValue('a', false)).toBe(true)
    void client.close()
  })

  it('reports a lost connection as Stale and its return as Ready', async () => {
    const es = fakeEventSources()
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      connect: true,
      EventSource: es.EventSource,
      bootstrap: payloadOf(1, { a: { on: true } }),
      storage: memoryStorage(),
    })
    await OpenFeature.setProviderAndWait(new AndonOpenFeatureProvider(client))
    const of = OpenFeature.getClient()
    const seen: string[] = []
    of.addHandler(ProviderEvents.Stale, () => seen.push('stale'))
    of.addHandler(ProviderEvents.Ready, () => seen.push('ready'))
    seen.length = 0 // a Ready handler added to a ready provider runs at once
    es.last().fail()
    await new Promise((r) => setTimeout(r, 0))
    expect(of.providerStatus).toBe('STALE')
    es.last().open()
    await new Promise((r) => setTimeout(r, 0))
    expect(seen).toEqual(['stale', 'ready'])
    expect(of.getBooleanValue('a', false)).toBe(true)
    void client.close()
  })

  it('fails to initialize when no flags arrive in time', async () => {
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      connect: true,
      EventSource: fakeEventSources().EventSource,
      storage: memoryStorage(),
    })
    const provider = new AndonOpenFeatureProvider(client, { readyTimeoutMs: 10 })
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toThrow(/no flags/)
    expect(OpenFeature.getClient().getBooleanDetails('a', true)).toMatchObject({
      value: true,
      errorCode: 'PROVIDER_NOT_READY',
      errorMessage: 'the provider has no flag data yet',
    })
    void client.close()
  })

  it('is FATAL when polling finds the key refused, and says so in its ERROR event', async () => {
    const es = fakeEventSources()
    const client = createBrowserClient({
      baseUrl: 'http://x',
      clientKey: 'cli_revoked',
      connect: true,
      EventSource: es.EventSource,
      fetch: async () => new Response('{"error":"unauthorized"}', { status: 401 }),
      bootstrap: payloadOf(1, { a: { on: true } }),
      storage: memoryStorage(),
      streamFailuresBeforePolling: 1,
    })
    const provider = new AndonOpenFeatureProvider(client)
    await OpenFeature.setProviderAndWait(provider)
    const errors: unknown[] = []
    provider.events.addHandler(ProviderEvents.Error, (details) => errors.push(details))
    es.last().fail()
    await vi.waitFor(() => expect(errors).toHaveLength(1))
    expect(errors[0]).toMatchObject({ errorCode: 'PROVIDER_FATAL', message: expect.any(String) })
    const of = OpenFeature.getClient()
    expect(of.providerStatus).toBe('FATAL')
    expect(of.getBooleanDetails('a', false)).toMatchObject({
      value: false,
      errorCode: 'PROVIDER_FATAL',
    })
  })

  it('closes the client with itself unless told not to', async () => {
    const es = fakeEventSources()
    const options = {
      baseUrl: 'http://x',
      clientKey: 'cli_x',
      connect: true,
      EventSource: es.EventSource,
      bootstrap: payloadOf(1, { a: { on: true } }),
      storage: memoryStorage(),
    }
    const closing = createBrowserClient(options)
    const kept = createBrowserClient(options)
    await OpenFeature.setProviderAndWait('closing', new AndonOpenFeatureProvider(closing))
    await OpenFeature.setProviderAndWait(
      'kept',
      new AndonOpenFeatureProvider(kept, { closeClient: false }),
    )
    await OpenFeature.close()
    expect(closing.status().connection).toBe('closed')
    expect(kept.status().connection).not.toBe('closed')
    void kept.close()
  })

  it('maps targetingKey to key and keeps only attribute types Andon knows', () => {
    const when = new Date('2026-01-02T03:04:05.000Z')
    expect(
      toAndonContext({ targetingKey: 'u', n: 1, when, tags: ['a', 2, { x: 1 }], nested: { a: 1 } }),
    ).toEqual({ key: 'u', n: 1, when: '2026-01-02T03:04:05.000Z', tags: ['a', 2] })
  })
})
