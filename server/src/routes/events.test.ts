import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { batch, errorGuard, postEvents, releasedFlag } from '../testing/guard-fixtures.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
  await releasedFlag(h, 'checkout')
  await h.call('PUT', '/api/v1/flags/checkout/environments/production/guards', {
    body: [errorGuard()],
  })
})

const figures = async () =>
  (await h.call('GET', '/api/v1/flags/checkout/environments/production/guards')).json.guards[0]
    .variations

describe('POST /sdk/v1/events', () => {
  it('counts a batch and answers 202, and counts a retried batch id only once', async () => {
    const body = batch(
      [
        ['checkout', 0, 30],
        ['checkout', 1, 20],
      ],
      [['errors', 'checkout', 1, 2]],
      'retried-batch-1',
    )
    body.dropped = 7
    const first = await postEvents(h, body)
    expect(first.status).toBe(202)
    expect(first.json).toEqual({ accepted: true, duplicate: false })
    const again = await postEvents(h, body)
    expect(again.status).toBe(202)
    expect(again.json).toEqual({ accepted: true, duplicate: true })
    const metrics = (await h.call('GET', '/metrics')).text
    expect(metrics).toContain('andon_event_batches_total{outcome="accepted"} 1')
    expect(metrics).toContain('andon_event_batches_total{outcome="duplicate"} 1')
    expect(metrics).toContain('andon_sdk_events_dropped_total 7')
    const [control, treatment] = await figures()
    expect(control).toMatchObject({ variation: 0, exposures: 30, count: 0 })
    expect(treatment).toMatchObject({ variation: 1, exposures: 20, count: 2, value: 0.1 })
  })

  it('keeps batch ids per environment: the same id from another environment counts', async () => {
    const body = batch([['checkout', 0, 5]], [], 'shared-id-1')
    await postEvents(h, body)
    const dev = await postEvents(h, body, h.key('development', 'server'))
    expect(dev.json.duplicate).toBe(false)
    expect((await figures())[0].exposures).toBe(5)
  })

  it('ignores flags and variations the environment does not have', async () => {
    const res = await postEvents(
      h,
      batch(
        [
          ['no-such-flag', 0, 100],
          ['checkout', 7, 100],
          ['checkout', 1, 4],
          ['checkout', 9, 3],
        ],
        [['errors', 'checkout', 9, 3]],
      ),
    )
    expect(res.status).toBe(202)
    const [control, treatment] = await figures()
    expect(control.exposures).toBe(0)
    expect(treatment).toMatchObject({ exposures: 4, count: 0 })
  })

  it("stores per flag, metric, variation and minute the flag's metrics only", async () => {
    h.clock.now = 1_800_000_075_000
    const body = batch(
      [['checkout', 1, 8]],
      [
        ['errors', 'checkout', 1, 2],
        ['errors', 'checkout', 1, 1],
        ['not-listed', 'checkout', 1, 5],
      ],
    )
    await postEvents(h, body)
    const rows = await h.query(
      'select metric, variation, minute, count from event_minutes order by metric',
    )
    expect(rows).toEqual([
      { metric: '', variation: 1, minute: 1_800_000_060_000, count: 8 },
      { metric: 'errors', variation: 1, minute: 1_800_000_060_000, count: 3 },
    ])
  })

  it('answers 422 with the issues for a bad body', async () => {
    const res = await postEvents(h, { ...batch([]), exposures: [{ flag: 'checkout', count: -1 }] })
    expect(res.status).toBe(422)
    expect(res.json.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual([
      'exposures',
      0,
      'variation',
    ])
    expect((await postEvents(h, { id: 'short' })).status).toBe(422)
  })

  it('takes a client key in the query, like the stream, and answers CORS for any origin', async () => {
    await h.call('PATCH', '/api/v1/flags/checkout', { body: { clientSide: true } })
    const res = await h.app.request(`/sdk/v1/events?key=${h.key('production', 'client')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' },
      body: JSON.stringify(batch([['checkout', 1, 3]])),
    })
    expect(res.status).toBe(202)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect((await figures())[1].exposures).toBe(3)
  })

  it("ignores a client key's events for flags that are not client-side", async () => {
    const res = await postEvents(h, batch([['checkout', 1, 3]]), h.key('production', 'client'))
    expect(res.status).toBe(202)
    expect((await figures())[1].exposures).toBe(0)
  })

  it('answers a browser preflight that asks to send JSON with a bearer key', async () => {
    const res = await h.app.request('/sdk/v1/events', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('Access-Control-Allow-Headers')).toContain('Content-Type')
  })

  it('refuses a missing key with 401, and admin and hook keys with 403', async () => {
    const hook = await h.call('POST', '/api/v1/environments/production/keys', {
      body: { kind: 'hook', name: 'alertmanager' },
    })
    const body = batch([['checkout', 1, 3]])
    expect((await postEvents(h, body, null as unknown as string)).status).toBe(401)
    expect((await postEvents(h, body, h.admin)).status).toBe(403)
    expect((await postEvents(h, body, hook.json.key)).status).toBe(403)
    expect((await figures())[1].exposures).toBe(0)
  })
})
