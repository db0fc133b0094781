/**
 * The Node SDK's events on the real server process: what `isEnabled` and `track` count is
 * posted to `POST /sdk/v1/events`, accepted (202), and shows up, per variation, in the
 * figures of the flag's guards (`GET /api/v1/flags/:key/environments/:env/guards`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFlagStore, type Payload } from '@andon/core'
import { createClient, type AndonSdkError } from '@andon/sdk-node'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

const ENV = 'production'
let server: AndonServer

interface GuardFigures {
  metric: string
  variations: { variation: number; exposures: number; count: number; sum: number }[]
}

beforeAll(async () => {
  server = await startAndonServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('the Node SDK reporting to the real server', () => {
  it('posts exposures and tracked metrics that the server accepts and shows in the guard figures', async () => {
    const sdkKey = server.secrets.keys[`${ENV} server`]!
    const flag = 'guarded-checkout'
    const flagPath = `/api/v1/flags/${flag}/environments/${ENV}`
    await server.admin('POST', '/api/v1/flags', { key: flag })
    await server.admin('PATCH', flagPath, {
      enabled: true,
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 50000 },
            { variation: 1, weight: 50000 },
          ],
        },
      },
    })
    // Guards that can watch but never switch the flag off: notify only, a 1000 % threshold.
    const guard = { worseWhen: 'higher', threshold: 10, minSamples: 1, action: 'notify' }
    await server.admin('PUT', `${flagPath}/guards`, [
      { ...guard, metric: 'checkout-error', kind: 'rate' },
      { ...guard, metric: 'checkout-latency', kind: 'mean' },
    ])

    const statuses: number[] = []
    const errors: AndonSdkError[] = []
    const client = createClient({
      baseUrl: server.url,
      sdkKey,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (init?.method === 'POST') statuses.push(response.status)
        return response
      },
    })
    client.on('error', (e) => errors.push(e))
    try {
      expect(await client.ready({ timeoutMs: 5000 })).toBe(true)
      // Setting the guards set the flag's metrics: the SDK attributes them.
      const payload = (await (
        await fetch(`${server.url}/sdk/v1/flags`, {
          headers: { Authorization: `Bearer ${sdkKey}` },
        })
      ).json()) as Payload
      expect(payload.flags[flag]!.metrics?.sort()).toEqual(['checkout-error', 'checkout-latency'])
      const reference = createFlagStore(payload)

      const expected = [0, 1].map((variation) => ({ variation, exposures: 0, errors: 0, sum: 0 }))
      for (let i = 0; i < 300; i++) {
        const ctx = { key: `user-${i}` }
        const variation = reference.evaluate(flag, ctx, null).variationIndex!
        const e = expected[variation]!
        client.isEnabled(flag, ctx)
        e.exposures++
        client.track('checkout-latency', ctx, 100 + (i % 10))
        e.sum += 100 + (i % 10)
        if (i % 5 === 0) {
          client.track('checkout-error', ctx)
          e.errors++
        }
      }
      expect(expected[0]!.exposures).toBeGreaterThan(100)
      expect(expected[1]!.exposures).toBeGreaterThan(100)
      await client.flush()
      expect(statuses).toEqual([202])
      expect(errors).toEqual([])

      const { guards } = await server.admin<{ guards: GuardFigures[] }>('GET', `${flagPath}/guards`)
      const figures = (metric: string) =>
        guards
          .find((g) => g.metric === metric)!
          .variations.map(({ variation, exposures, count, sum }) => ({
            variation,
            exposures,
            count,
            sum,
          }))
      expect(figures('checkout-error')).toEqual(
        expected.map((e) => ({
          variation: e.variation,
          exposures: e.exposures,
          count: e.errors,
          sum: 0,
        })),
      )
      expect(figures('checkout-latency')).toEqual(
        expected.map((e) => ({
          variation: e.variation,
          exposures: e.exposures,
          count: e.exposures,
          sum: e.sum,
        })),
      )
      // What close() flushes is accepted too.
      client.isEnabled(flag, { key: 'user-0' })
    } finally {
      await client.close()
    }
    expect(statuses).toEqual([202, 202])
  })
})
