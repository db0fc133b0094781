import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { readSse } from '../testing/sse-reader.js'
import {
  batch,
  errorGuard,
  postEvents,
  releaseBatch,
  releasedFlag,
} from '../testing/guard-fixtures.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
  await releasedFlag(h, 'checkout')
})

const PATH = '/api/v1/flags/checkout/environments/production/guards'
const putGuards = (body: unknown) => h.call('PUT', PATH, { body })
const getGuards = async () => (await h.call('GET', PATH)).json
const config = async () =>
  (await h.call('GET', '/api/v1/flags/checkout/environments/production')).json
const audit = async () => (await h.call('GET', '/api/v1/audit?flag=checkout')).json.entries

describe('PUT and GET guards', () => {
  it('answers the guards with defaults, a new window and empty figures', async () => {
    h.clock.now = 1_800_000_030_000
    const res = await putGuards([
      { ...errorGuard(), minSamples: undefined },
      {
        metric: 'latency',
        kind: 'mean',
        worseWhen: 'higher',
        threshold: 0.2,
        action: 'notify',
        control: 1,
        alpha: 0.01,
      },
    ])
    expect(res.status).toBe(200)
    expect(res.json).toEqual(await getGuards())
    expect(res.json.flag).toBe('checkout')
    expect(res.json.environment).toBe('production')
    const [errors, latency] = res.json.guards
    expect(errors).toEqual({
      metric: 'errors',
      kind: 'rate',
      worseWhen: 'higher',
      threshold: 0,
      minSamples: 500,
      control: 0,
      action: 'disable',
      alpha: 0.05,
      state: 'waiting',
      since: 1_800_000_030_000,
      sources: { clientSources: 0, serverKeys: false, leftOut: null },
      trippedAt: null,
      variations: [
        { variation: 0, exposures: 0, count: 0, sum: 0, sumSquares: 0, value: 0 },
        { variation: 1, exposures: 0, count: 0, sum: 0, sumSquares: 0, value: 0 },
      ],
      comparisons: [{ variation: 1, excess: 0, likelihoodRatio: 0, bound: 20, regression: false }],
      series: [],
    })
    expect(latency).toMatchObject({ control: 1, alpha: 0.01, minSamples: 500, action: 'notify' })
    expect(latency.comparisons.map((c: { variation: number }) => c.variation)).toEqual([0])
  })

  it("sets the flag's metrics through a flag write: a new version, a stream patch and an audit entry", async () => {
    const before = await config()
    const res = await h.app.request('/sdk/v1/stream', {
      headers: { Authorization: `Bearer ${h.key('production', 'server')}` },
    })
    const stream = readSse(res.body as ReadableStream<Uint8Array>)
    await stream.until((e) => e.some((x) => x.event === 'put'))
    await putGuards([
      errorGuard(),
      { ...errorGuard('notify'), metric: 'latency', kind: 'mean' },
      errorGuard('notify'),
    ])
    const after = await config()
    expect(after.metrics).toEqual(['errors', 'latency'])
    expect(after.version).toBe(before.version + 1)
    const events = await stream.until((e) => e.some((x) => x.event === 'patch'))
    const patch = JSON.parse(events.find((e) => e.event === 'patch')?.data as string)
    expect(patch.value.metrics).toEqual(['errors', 'latency'])
    const actions = (await audit()).map((e: { action: string }) => e.action)
    expect(actions.slice(0, 2)).toEqual(['flag.guards.update', 'flag.config.update'])
    await stream.cancel()
  })

  it('removes the metrics with the last guard, and leaves the version alone when they do not change', async () => {
    await putGuards([errorGuard()])
    const v = (await config()).version
    await putGuards([errorGuard('notify')])
    expect((await config()).version).toBe(v)
    const res = await putGuards([])
    expect(res.json.guards).toEqual([])
    const after = await config()
    expect(after.version).toBe(v + 1)
    expect(after).not.toHaveProperty('metrics')
  })

  it('refuses bad guards with 422 and the issue paths', async () => {
    const bad = await putGuards([{ ...errorGuard(), kind: 'median', alpha: 0.9 }])
    expect(bad.status).toBe(422)
    const paths = bad.json.issues.map((i: { path: unknown[] }) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['0.kind', '0.alpha']))
    const control = await putGuards([{ ...errorGuard(), control: 2 }])
    expect(control.status).toBe(422)
    expect(control.json.issues[0].path).toEqual([0, 'control'])
    expect((await putGuards({ metric: 'errors' })).status).toBe(422)
    expect((await getGuards()).guards).toEqual([])
  })

  it('answers 404 for an unknown flag or environment', async () => {
    expect((await h.call('GET', '/api/v1/flags/nope/environments/production/guards')).status).toBe(
      404,
    )
    expect((await h.call('GET', '/api/v1/flags/checkout/environments/staging/guards')).status).toBe(
      404,
    )
    const put = await h.call('PUT', '/api/v1/flags/nope/environments/production/guards', {
      body: [],
    })
    expect(put.status).toBe(404)
  })

  it('is for admins: no key 401, SDK and hook keys 403', async () => {
    const hook = await h.call('POST', '/api/v1/environments/production/keys', {
      body: { kind: 'hook', name: 'am' },
    })
    expect((await h.call('GET', PATH, { token: null })).status).toBe(401)
    for (const token of [
      h.key('production', 'server'),
      h.key('production', 'client'),
      hook.json.key,
    ]) {
      expect((await h.call('GET', PATH, { token })).status).toBe(403)
      expect((await h.call('PUT', PATH, { token, body: [] })).status).toBe(403)
    }
  })

  it('charts the figures per minute and variation since the window started', async () => {
    await putGuards([
      { metric: 'latency', kind: 'mean', worseWhen: 'higher', threshold: 0.1, action: 'notify' },
    ])
    h.clock.now = 1_800_000_040_000
    await postEvents(h, batch([['checkout', 0, 10]], [['latency', 'checkout', 0, 2, 300, 50000]]))
    h.clock.now += 60_000
    await postEvents(h, batch([['checkout', 1, 4]], [['latency', 'checkout', 1, 1, 200, 40000]]))
    const [guard] = (await getGuards()).guards
    expect(guard.series).toEqual([
      { at: 1_800_000_000_000, variation: 0, exposures: 10, count: 2, sum: 300 },
      { at: 1_800_000_060_000, variation: 1, exposures: 4, count: 1, sum: 200 },
    ])
    expect(guard.variations[0]).toMatchObject({ count: 2, sum: 300, sumSquares: 50000, value: 150 })
  })

  it('charts a window longer than a day in coarser steps, at most 1,440 per variation', async () => {
    await putGuards([errorGuard()])
    for (const minute of [0, 1, 2, 4000]) {
      h.clock.now = 1_800_000_000_000 + minute * 60_000
      await postEvents(h, batch([['checkout', 0, minute + 1]]))
    }
    // 4,001 minutes in at most 1,440 steps: steps of 3 minutes.
    const [guard] = (await getGuards()).guards
    expect(guard.series).toEqual([
      { at: 1_800_000_000_000, variation: 0, exposures: 6, count: 0, sum: 0 },
      { at: 1_800_000_000_000 + 3999 * 60_000, variation: 0, exposures: 4001, count: 0, sum: 0 },
    ])
  })
})

describe('the decision', () => {
  it('switches the flag off on a regression: audit by the guard, stream patch, webhook, tripped', async () => {
    await putGuards([errorGuard()])
    const res = await h.app.request('/sdk/v1/stream', {
      headers: { Authorization: `Bearer ${h.key('production', 'server')}` },
    })
    const stream = readSse(res.body as ReadableStream<Uint8Array>)
    await stream.until((e) => e.some((x) => x.event === 'put'))
    h.clock.now = 1_800_000_050_000
    const posted = await postEvents(h, releaseBatch('checkout', 100))
    expect(posted.status).toBe(202)

    expect((await config()).enabled).toBe(false)
    const events = await stream.until((e) => e.some((x) => x.event === 'patch'))
    const patch = JSON.parse(events.find((e) => e.event === 'patch')?.data as string)
    expect(patch).toMatchObject({ kind: 'flag', key: 'checkout', value: { enabled: false } })
    await stream.cancel()

    const [guard] = (await getGuards()).guards
    expect(guard).toMatchObject({ state: 'tripped', trippedAt: 1_800_000_050_000 })
    expect(guard.comparisons[0].regression).toBe(true)

    const [entry] = await audit()
    expect(entry).toMatchObject({
      actor: 'guard',
      action: 'guard.tripped',
      environment: 'production',
    })
    expect(entry.before.enabled).toBe(true)
    expect(entry.after.enabled).toBe(false)
    const d = entry.after.detail
    expect(d).toMatchObject({
      metric: 'errors',
      kind: 'rate',
      decision: 'disable',
      control: 0,
      variation: 1,
    })
    expect(d.figures).toEqual([
      { variation: 0, exposures: 1000, count: 10, sum: 10, sumSquares: 10, value: 0.01 },
      { variation: 1, exposures: 1000, count: 100, sum: 100, sumSquares: 100, value: 0.1 },
    ])
    expect(d.comparison.bound).toBe(20)
    expect(d.comparison.likelihoodRatio).toBeGreaterThanOrEqual(20)

    expect(h.webhooks).toHaveLength(1)
    const hook = h.webhooks[0]
    expect(hook).toMatchObject({
      flag: 'checkout',
      environment: 'production',
      metric: 'errors',
      action: 'disable',
    })
    expect(hook?.text).toContain('switched off `checkout` in production')
    expect(hook?.figures).toMatchObject({ control: { value: 0.01 }, treatment: { value: 0.1 } })
    const metrics = await h.call('GET', '/metrics')
    expect(metrics.text).toContain('andon_guard_decisions_total{action="disable"} 1')
  })

  it('keeps watching without a regression, and waits for minSamples first', async () => {
    await putGuards([errorGuard()])
    await postEvents(
      h,
      batch(
        [
          ['checkout', 0, 400],
          ['checkout', 1, 400],
        ],
        [
          ['errors', 'checkout', 0, 4],
          ['errors', 'checkout', 1, 4],
        ],
      ),
    )
    expect((await getGuards()).guards[0].state).toBe('waiting')
    await postEvents(h, releaseBatch('checkout', 11))
    const [guard] = (await getGuards()).guards
    expect(guard.state).toBe('watching')
    expect((await config()).enabled).toBe(true)
    expect(h.webhooks).toEqual([])
  })

  it('with notify, records and tells once per window and leaves the flag on', async () => {
    await putGuards([errorGuard('notify')])
    await postEvents(h, releaseBatch('checkout', 100))
    await postEvents(h, releaseBatch('checkout', 100))
    expect((await config()).enabled).toBe(true)
    const regressions = (await audit()).filter(
      (e: { action: string }) => e.action === 'guard.regression',
    )
    expect(regressions).toHaveLength(1)
    expect(regressions[0]).toMatchObject({
      actor: 'guard',
      after: { detail: { decision: 'notify' } },
    })
    expect(h.webhooks.map((w) => w.action)).toEqual(['notify'])
    expect(h.webhooks[0]?.text).toContain('found a regression in `checkout`')
    expect((await getGuards()).guards[0]).toMatchObject({
      state: 'tripped',
      trippedAt: 1_800_000_000_000,
    })
  })

  it('starts a new window when the flag is switched back on after a trip', async () => {
    await putGuards([errorGuard()])
    await postEvents(h, releaseBatch('checkout', 100))
    h.clock.now = 1_800_000_090_000
    await h.call('PATCH', '/api/v1/flags/checkout/environments/production', {
      body: { enabled: true },
    })
    const [guard] = (await getGuards()).guards
    expect(guard).toMatchObject({
      state: 'waiting',
      since: 1_800_000_090_000,
      trippedAt: null,
      series: [],
    })
    expect(guard.variations[1].exposures).toBe(0)
    await postEvents(h, releaseBatch('checkout', 11))
    expect((await config()).enabled).toBe(true)
  })

  it('starts a new window when the flag is switched off and on after a guard that notifies tripped', async () => {
    await putGuards([errorGuard('notify')])
    await postEvents(h, releaseBatch('checkout', 100))
    expect((await getGuards()).guards[0].state).toBe('tripped')
    h.clock.now = 1_800_000_090_000
    // The trip left the flag on: switching it off and on again is the new release.
    for (const enabled of [false, true]) {
      await h.call('PATCH', '/api/v1/flags/checkout/environments/production', { body: { enabled } })
    }
    const [guard] = (await getGuards()).guards
    expect(guard).toMatchObject({ state: 'waiting', since: 1_800_000_090_000, trippedAt: null })
  })

  it('keeps the window when the flag is switched off and on without a trip', async () => {
    await putGuards([errorGuard()])
    await postEvents(h, releaseBatch('checkout', 11))
    for (const enabled of [false, true]) {
      await h.call('PATCH', '/api/v1/flags/checkout/environments/production', { body: { enabled } })
    }
    const [guard] = (await getGuards()).guards
    expect(guard.since).toBe(1_800_000_000_000)
    expect(guard.variations[1]).toMatchObject({ exposures: 1000, count: 11 })
  })

  it('leaves a flag that an admin already switched off alone', async () => {
    await putGuards([errorGuard()])
    await h.call('PATCH', '/api/v1/flags/checkout/environments/production', {
      body: { enabled: false },
    })
    await postEvents(h, releaseBatch('checkout', 100))
    const [guard] = (await getGuards()).guards
    expect(guard.state).toBe('watching')
    expect(guard.comparisons[0].regression).toBe(true)
    expect((await audit())[0].actor).toBe('admin')
    expect(h.webhooks).toEqual([])
  })

  it('decides even when the webhook fails, and logs the failure', async () => {
    h = await createHarness({ webhook: () => Promise.reject(new Error('receiver down')) })
    await releasedFlag(h, 'checkout')
    await putGuards([errorGuard()])
    expect((await postEvents(h, releaseBatch('checkout', 100))).status).toBe(202)
    expect((await config()).enabled).toBe(false)
    await new Promise((r) => setTimeout(r, 10))
    expect(String((h.errors[0] as Error).cause)).toContain('receiver down')
  })

  it('judges a mean metric where lower is worse', async () => {
    await putGuards([
      {
        metric: 'revenue',
        kind: 'mean',
        worseWhen: 'lower',
        threshold: 0.05,
        minSamples: 100,
        action: 'disable',
      },
    ])
    // 500 purchases each: control around 100 (sd 10), treatment around 80.
    const arm = (v: number, mean: number) =>
      ['revenue', 'checkout', v, 500, 500 * mean, 500 * (mean * mean + 100)] as [
        string,
        string,
        number,
        number,
        number,
        number,
      ]
    await postEvents(
      h,
      batch(
        [
          ['checkout', 0, 600],
          ['checkout', 1, 600],
        ],
        [arm(0, 100), arm(1, 80)],
      ),
    )
    expect((await config()).enabled).toBe(false)
    const [guard] = (await getGuards()).guards
    expect(guard.variations.map((v: { value: number }) => v.value)).toEqual([100, 80])
  })
})
