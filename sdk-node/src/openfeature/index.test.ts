import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ErrorCode,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  StandardResolutionReasons,
} from '@openfeature/server-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Flag } from '../index.js'
import { AndonProvider, toAndonContext } from './index.js'
import {
  startTestServer,
  TEST_KEY,
  type TestServer,
} from '../../../tests/sdk-node/sse-test-server.js'
import { boolFlag, nextEvent, payloadOf, until } from '../../../tests/sdk-node/fixtures.js'

const rollout: Flag = {
  key: 'rollout',
  version: 1,
  enabled: true,
  variations: ['a', 'b'],
  offVariation: 0,
  fallthrough: {
    rollout: {
      variations: [
        { variation: 0, weight: 50000 },
        { variation: 1, weight: 50000 },
      ],
    },
  },
}
const targeted: Flag = {
  key: 'targeted',
  version: 1,
  enabled: true,
  variations: [1, 2, 3],
  offVariation: 0,
  targets: [{ variation: 2, values: ['vip'] }],
  rules: [
    {
      id: 'nordic',
      clauses: [{ attribute: 'country', op: 'in', values: ['SE', 'NO'] }],
      serve: { variation: 1 },
    },
  ],
  fallthrough: { variation: 0 },
}
const layout: Flag = {
  key: 'layout',
  version: 4,
  enabled: true,
  variations: [
    { name: 'narrow', value: { columns: 2 } },
    { name: 'wide', value: { columns: 3 } },
  ],
  offVariation: 0,
  fallthrough: { variation: 1 },
}
const payload = payloadOf(5, [
  boolFlag('on', 1, true),
  boolFlag('off', 1, true, false),
  rollout,
  targeted,
  layout,
  { ...rollout, key: 'broken', fallthrough: { variation: 7 } },
  { ...rollout, key: 'guarded', metrics: ['latency'] },
])

let server: TestServer
let domain = 0

beforeEach(async () => {
  server = await startTestServer({ payload })
})

afterEach(async () => {
  await OpenFeature.close()
  await server.close()
})

async function connected() {
  const name = `andon-${++domain}`
  const provider = new AndonProvider({
    baseUrl: server.url,
    sdkKey: TEST_KEY,
    backoff: { initialMs: 20, maxMs: 50 },
  })
  await OpenFeature.setProviderAndWait(name, provider)
  return { provider, client: OpenFeature.getClient(name) }
}

describe('AndonProvider', () => {
  it('resolves every type with variants, standard reasons and Andon metadata', async () => {
    const { client } = await connected()
    expect(await client.getBooleanDetails('on', false, { targetingKey: 'u' })).toMatchObject({
      value: true,
      variant: '1',
      reason: StandardResolutionReasons.STATIC,
      flagMetadata: { andonReason: 'FALLTHROUGH', version: 1, environment: 'test' },
    })
    expect(await client.getNumberDetails('targeted', 0, { targetingKey: 'nobody' })).toMatchObject({
      value: 1,
      variant: '0',
      reason: StandardResolutionReasons.DEFAULT,
    })
    expect(await client.getBooleanDetails('off', true, { targetingKey: 'u' })).toMatchObject({
      value: false,
      variant: '0',
      reason: StandardResolutionReasons.DISABLED,
    })
    const split = await client.getStringDetails('rollout', 'z', { targetingKey: 'user-42' })
    expect(['a', 'b']).toContain(split.value)
    expect(split.reason).toBe(StandardResolutionReasons.SPLIT)
    expect(await client.getNumberDetails('targeted', 0, { targetingKey: 'vip' })).toMatchObject({
      value: 3,
      variant: '2',
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { andonReason: 'TARGET_MATCH' },
    })
    const date = new Date('2026-01-01T00:00:00Z')
    expect(
      await client.getNumberDetails('targeted', 0, { targetingKey: 'x', country: 'SE', date }),
    ).toMatchObject({
      value: 2,
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { andonReason: 'RULE_MATCH', ruleId: 'nordic', ruleIndex: 0 },
    })
    expect(await client.getObjectDetails('layout', {}, { targetingKey: 'u' })).toMatchObject({
      value: { columns: 3 },
      variant: 'wide',
      flagMetadata: { version: 4, environment: 'test' },
    })
  })

  it('maps errors to OpenFeature error codes and serves the default', async () => {
    const { client } = await connected()
    const cases = [
      ['missing', ErrorCode.FLAG_NOT_FOUND],
      ['broken', ErrorCode.PARSE_ERROR],
    ] as const
    for (const [flag, code] of cases) {
      const details = await client.getStringDetails(flag, 'dflt', { targetingKey: 'u' })
      expect(details).toMatchObject({ value: 'dflt', errorCode: code, reason: 'ERROR' })
      expect(details.errorMessage).toContain(`flag '${flag}'`)
    }
    expect(await client.getStringDetails('rollout', 'dflt', {})).toMatchObject({
      value: 'dflt',
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    })
    expect(await client.getNumberDetails('rollout', 9, { targetingKey: 'u' })).toMatchObject({
      value: 9,
      errorCode: ErrorCode.TYPE_MISMATCH,
    })
  })

  it('emits CONFIGURATION_CHANGED with the changed flags', async () => {
    const { provider } = await connected()
    const changed = nextEvent<{ flagsChanged: string[] }>(
      {
        on: (e: string, l: never) => provider.events.addHandler(e as ProviderEvents, l),
        off: (e: string, l: never) => provider.events.removeHandler(e as ProviderEvents, l),
      },
      ProviderEvents.ConfigurationChanged,
    )
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'on', version: 2, value: boolFlag('on', 2, false) },
      6,
    )
    expect((await changed).flagsChanged).toEqual(['on'])
  })

  it('goes STALE when the stream drops and READY when it is back', async () => {
    const { provider, client } = await connected()
    const events: string[] = []
    provider.events.addHandler(ProviderEvents.Stale, () => events.push('stale'))
    provider.events.addHandler(ProviderEvents.Ready, () => events.push('ready'))
    server.onStream = () => {} // the resumed connection has nothing new
    server.streams[0]!.destroy()
    await until(() => events.length >= 2, 3000, 'stale and ready')
    expect(events).toEqual(['stale', 'ready'])
    expect(client.providerStatus).toBe(ProviderStatus.READY)
  })

  it('is FATAL when the key is refused, and its evaluations say so', async () => {
    const name = `andon-${++domain}`
    const provider = new AndonProvider({
      baseUrl: server.url,
      sdkKey: 'srv_wrong',
      readyTimeoutMs: 2000,
    })
    await expect(OpenFeature.setProviderAndWait(name, provider)).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_FATAL,
    })
    const client = OpenFeature.getClient(name)
    expect(client.providerStatus).toBe(ProviderStatus.FATAL)
    expect(await client.getBooleanDetails('on', false, { targetingKey: 'u' })).toMatchObject({
      value: false,
      errorCode: ErrorCode.PROVIDER_FATAL,
      errorMessage: expect.any(String),
    })
  })

  it('goes FATAL with the code in its ERROR event when a working key is revoked', async () => {
    const { provider, client } = await connected()
    const errors: unknown[] = []
    provider.events.addHandler(ProviderEvents.Error, (details) => errors.push(details))
    server.status = 403 // the key was revoked
    server.streams[0]!.destroy()
    await until(() => errors.length > 0, 3000, 'an ERROR event')
    expect(errors[0]).toMatchObject({
      errorCode: ErrorCode.PROVIDER_FATAL,
      message: expect.any(String),
    })
    expect(client.providerStatus).toBe(ProviderStatus.FATAL)
    expect(await client.getBooleanDetails('on', false, { targetingKey: 'u' })).toMatchObject({
      value: false,
      errorCode: ErrorCode.PROVIDER_FATAL,
    })
  })

  it('answers PROVIDER_NOT_READY with a message while no data came', async () => {
    await server.close()
    const name = `andon-${++domain}`
    const provider = new AndonProvider({
      baseUrl: server.url,
      sdkKey: TEST_KEY,
      readyTimeoutMs: 50,
    })
    await expect(OpenFeature.setProviderAndWait(name, provider)).rejects.toBeDefined()
    const client = OpenFeature.getClient(name)
    expect(client.providerStatus).toBe(ProviderStatus.ERROR)
    expect(await client.getBooleanDetails('on', false, { targetingKey: 'u' })).toMatchObject({
      value: false,
      errorCode: ErrorCode.PROVIDER_NOT_READY,
      errorMessage: 'the provider has no flag data yet',
    })
    server = await startTestServer({ payload }) // for afterEach
  })

  it('starts from a cache while the server is down, READY then STALE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-of-'))
    try {
      const cacheFile = join(dir, 'flags.json')
      writeFileSync(cacheFile, JSON.stringify(payload))
      await server.close()
      const name = `andon-${++domain}`
      const provider = new AndonProvider({ baseUrl: server.url, sdkKey: TEST_KEY, cacheFile })
      const stale = new Promise<void>((resolve) =>
        provider.events.addHandler(ProviderEvents.Stale, () => resolve()),
      )
      await OpenFeature.setProviderAndWait(name, provider)
      await stale
      const client = OpenFeature.getClient(name)
      expect(client.providerStatus).toBe(ProviderStatus.STALE)
      expect(await client.getBooleanValue('on', false, { targetingKey: 'u' })).toBe(true)
      server = await startTestServer({ payload }) // for afterEach
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('passes track to the client: the event attributed to the variation served, details.value its value', async () => {
    const { provider, client } = await connected()
    const variation = provider.client.variationDetail('guarded', { key: 'user-7' }, 'z')
    client.track('latency', { targetingKey: 'user-7' }, { value: 120 })
    client.track('latency', { targetingKey: 'user-7' }, { value: 80, page: 'checkout' })
    client.track('latency', { targetingKey: 'user-7' })
    await provider.client.flush()
    expect(server.batches.flatMap((b) => b.metrics)).toEqual([
      {
        metric: 'latency',
        flag: 'guarded',
        variation: variation.variationIndex,
        count: 3,
        sum: 200,
        sumSquares: 120 * 120 + 80 * 80,
      },
    ])
  })
})

describe('toAndonContext', () => {
  it('maps targetingKey to key, dates to ISO strings, and leaves nested objects out', () => {
    expect(
      toAndonContext({
        targetingKey: 'user-1',
        country: 'SE',
        age: 40,
        beta: true,
        tags: ['a', 1, { x: 1 }],
        signedUp: new Date(0),
        address: { city: 'Umeå' },
      }),
    ).toEqual({
      key: 'user-1',
      country: 'SE',
      age: 40,
      beta: true,
      tags: ['a', 1],
      signedUp: '1970-01-01T00:00:00.000Z',
    })
  })
})
