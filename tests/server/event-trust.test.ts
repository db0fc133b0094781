/**
 * The trust model for events on a real server over loopback (server README, "Trust model"):
 * a client key is public, so each client address is a source, and no one source can trip a
 * guard or keep one from tripping; many sources reporting as browsers do decide as they
 * should; implausible batches are refused whole. Several sources are several loopback
 * addresses, each the local address of its requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventBatch } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { loopbackSource, requestFrom } from '../support/request-from.js'
import { errorBatch, visitorStream } from '../support/visitor-batches.js'

let server: AndonServer
let clientKey: string
let serverKey: string

beforeAll(async () => {
  server = await startAndonServer()
  clientKey = server.secrets.keys['production client'] as string
  serverKey = server.secrets.keys['production server'] as string
})

afterAll(async () => {
  await server?.stop()
})

let flags = 0

/** A new client-side flag, on for half the contexts, with an error-rate guard that disables it. */
async function guardedRelease(minSamples = 500): Promise<string> {
  const key = `trust-${++flags}`
  await server.admin('POST', '/api/v1/flags', { key, clientSide: true })
  await server.admin('PATCH', `/api/v1/flags/${key}/environments/production`, {
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
  await server.admin('PUT', `/api/v1/flags/${key}/environments/production/guards`, [
    {
      metric: 'errors',
      kind: 'rate',
      worseWhen: 'higher',
      threshold: 0,
      minSamples,
      action: 'disable',
    },
  ])
  return key
}

/** `exposures`: [variation, count]; `errors`: [variation, count]. */
const batchOf = errorBatch

function post(source: string, body: unknown, key = clientKey) {
  return requestFrom(source, `${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function guardOf(flag: string): Promise<any> {
  const res = await server.call('GET', `/api/v1/flags/${flag}/environments/production/guards`)
  return res.json.guards[0]
}

async function enabled(flag: string): Promise<boolean> {
  return (
    await server.admin<{ enabled: boolean }>('GET', `/api/v1/flags/${flag}/environments/production`)
  ).enabled
}

describe('one source', () => {
  it('can not trip a guard, however many batches, ids and counts it sends', async () => {
    const flag = await guardedRelease()
    const source = '127.0.0.2'
    // The issue's forged batch: 1,000 exposures per arm, 30 against 400 errors.
    expect(
      (
        await post(
          source,
          batchOf(
            flag,
            [
              [0, 1000],
              [1, 1000],
            ],
            [
              [0, 30],
              [1, 400],
            ],
          ),
        )
      ).status,
    ).toBe(202)
    for (let i = 0; i < 30; i++) {
      const n = 1000 * (i + 1)
      const res = await post(
        source,
        batchOf(
          flag,
          [
            [0, n],
            [1, n],
          ],
          [
            [0, 0],
            [1, n],
          ],
        ),
      )
      expect(res.status).toBe(202)
    }
    const guard = await guardOf(flag)
    expect(guard.state).not.toBe('tripped')
    expect(guard.sources).toEqual({
      clientSources: 1,
      serverKeys: false,
      leftOut: { source, exposures: 2000 + 2 * 465_000, count: 430 + 465_000 },
    })
    // What arrived is shown; what it decides on leaves the source out.
    expect(guard.variations[1].exposures).toBe(1000 + 465_000)
    expect(await enabled(flag)).toBe(true)
  })

  it('can not keep a real regression from tripping, and the trip says where its figures came from', async () => {
    const flag = await guardedRelease()
    // A forged control arm that makes every treatment look good.
    const forged = batchOf(
      flag,
      [
        [0, 1_000_000],
        [1, 1_000_000],
      ],
      [[0, 500_000]],
    )
    expect((await post('127.0.0.3', forged)).status).toBe(202)
    // A real 10 % against 0.3 % regression, reported with a server key.
    const real = batchOf(
      flag,
      [
        [0, 1000],
        [1, 1000],
      ],
      [
        [0, 3],
        [1, 100],
      ],
    )
    expect((await post('127.0.0.4', real, serverKey)).status).toBe(202)
    expect(await enabled(flag)).toBe(false)
    const audit = await server.admin<{
      entries: { action: string; after: { detail: { sources: unknown } } }[]
    }>('GET', `/api/v1/audit?flag=${flag}`)
    const trip = audit.entries.find((e) => e.action === 'guard.tripped')
    expect(trip?.after.detail.sources).toEqual({
      clientSources: 1,
      serverKeys: true,
      leftOut: { source: '127.0.0.3', exposures: 2_000_000, count: 500_000 },
    })
  })
})

describe('500 sources reporting as browsers do', () => {
  /** Sends visitors round-robin over 500 sources until the flag is off or `max` contexts per arm. */
  async function run(flag: string, rates: [number, number], seed: number, max: number) {
    const next = visitorStream({ flag, rates, seed })
    const contexts = [0, 0]
    let sent = 0
    while (Math.max(contexts[0]!, contexts[1]!) < max) {
      const wave = Array.from({ length: 50 }, () => next())
      const answers = await Promise.all(
        wave.map((v, i) => post(loopbackSource((sent + i) % 500), v.batch)),
      )
      expect(answers.map((a) => a.status)).toEqual(wave.map(() => 202))
      for (const v of wave) contexts[v.arm]!++
      sent += wave.length
      if ((await guardOf(flag)).state === 'tripped') return { tripped: true, contexts }
    }
    return { tripped: false, contexts }
  }

  it('trip a disable guard on a real 5 % against 1 % regression within 10,000 contexts per arm', async () => {
    const flag = await guardedRelease()
    const outcome = await run(flag, [0.01, 0.05], 7, 10_000)
    expect(outcome.tripped).toBe(true)
    expect(await enabled(flag)).toBe(false)
    const guard = await guardOf(flag)
    expect(guard.sources.clientSources).toBe(500)
  })

  it('do not trip it on the same traffic with no difference (A/A, 1 % in both arms)', async () => {
    const flag = await guardedRelease()
    const outcome = await run(flag, [0.01, 0.01], 11, 1500)
    expect(outcome.tripped).toBe(false)
    expect(await enabled(flag)).toBe(true)
  })
})

describe('implausible batches', () => {
  async function refused(body: unknown, key = serverKey) {
    const flag = (body as EventBatch).exposures?.[0]?.flag ?? 'none'
    const res = await post('127.0.0.9', body, key)
    return { res, issues: res.status === 422 ? JSON.parse(res.text) : undefined, flag }
  }

  it('refuses more events of a metric than exposures of that variation, and stores nothing', async () => {
    const flag = await guardedRelease()
    const body = batchOf(
      flag,
      [
        [0, 10],
        [1, 10],
      ],
      [[1, 11]],
    )
    const { res } = await refused(body)
    expect(res.status).toBe(422)
    expect(res.text).toContain('"metrics"')
    expect(res.text).toContain('11 events')
    const guard = await guardOf(flag)
    expect(guard.variations.map((v: { exposures: number }) => v.exposures)).toEqual([0, 0])
    // Nothing was stored, so the same id counts when it comes back corrected.
    expect((await post('127.0.0.9', { ...body, metrics: [] }, serverKey)).status).toBe(202)
  })

  it('refuses counts past the cap, negative and non-finite numbers, and too many flags', async () => {
    const flag = await guardedRelease()
    const over = batchOf(flag, [[0, 1_000_000_001]])
    expect((await refused(over)).res.status).toBe(422)
    expect((await refused(batchOf(flag, [[0, -1]]))).res.status).toBe(422)
    const infinite = JSON.stringify(batchOf(flag, [[0, 5]], [[0, 1]])).replace(
      '"sum":0',
      '"sum":1e400',
    )
    expect((await refused(infinite)).res.status).toBe(422)
    const manyFlags: EventBatch = {
      ...batchOf(flag, []),
      exposures: Array.from({ length: 100_000 }, (_, i) => ({
        flag: `f${i}`,
        variation: 0,
        count: 1,
      })),
    }
    const many = await refused(manyFlags)
    expect(many.res.status).toBe(422)
    expect(many.res.text).toContain('at most 10000')
    const dropped = { ...batchOf(flag, [[0, 1]]), dropped: Number.MAX_SAFE_INTEGER }
    expect((await refused(dropped)).res.status).toBe(422)
  })

  it("refuses a client key's batch over 64 KiB with 413", async () => {
    const flag = await guardedRelease()
    const big = batchOf(flag, [[0, 1]])
    big.id = 'x'.repeat(100) // a valid id; the size comes from the padding below
    const body = JSON.stringify(big) + ' '.repeat(64 * 1024)
    expect((await post('127.0.0.10', body)).status).toBe(413)
    expect((await post('127.0.0.10', body, serverKey)).status).toBe(202)
  })

  it('keeps totals exact at the largest counts', async () => {
    const flag = await guardedRelease(10 ** 12)
    for (let i = 0; i < 3; i++) {
      const max = batchOf(flag, [[0, 999_999_999]], [[0, 999_999_999]])
      expect((await post('127.0.0.11', max, serverKey)).status).toBe(202)
    }
    const guard = await guardOf(flag)
    expect(guard.variations[0]).toMatchObject({ exposures: 2_999_999_997, count: 2_999_999_997 })
  })
})
