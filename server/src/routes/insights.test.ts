import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { batch, postEvents, releasedFlag } from '../testing/guard-fixtures.js'
import type { EvaluationsAnswer } from '../insights/insights-model.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** The harness's clock starts at the top of an hour: 2027-01-15T08:00Z. */
const START = 1_800_000_000_000

let h: Harness

beforeEach(async () => {
  h = await createHarness()
  await releasedFlag(h, 'checkout')
})

const flagList = async (query = '') =>
  (await h.call('GET', `/api/v1/environments/production/insights/flags${query}`)).json
const checkout = (answer: EvaluationsAnswer) => answer.flags.find((f) => f.flag === 'checkout')

describe('evaluations per flag and variation', () => {
  it('counts exposures per day and variation and knows the minute of the last one', async () => {
    h.clock.now = START - 2 * DAY + 5 * MINUTE
    await postEvents(h, batch([['checkout', 0, 3]]))
    h.clock.now = START + 30 * MINUTE + 12_345
    await postEvents(
      h,
      batch([
        ['checkout', 0, 4],
        ['checkout', 1, 6],
      ]),
    )
    await postEvents(h, batch([['checkout', 1, 1]]))

    const answer = await flagList('?days=7')
    expect(answer.step).toBe('day')
    expect(answer.from).toBe(START - 8 * HOUR - 6 * DAY)
    expect(checkout(answer)).toEqual({
      flag: 'checkout',
      variations: 2,
      lastEvaluatedAt: START + 30 * MINUTE,
      totals: [7, 7],
      series: [
        { at: START - 8 * HOUR - 2 * DAY, counts: [3, 0] },
        { at: START - 8 * HOUR, counts: [4, 7] },
      ],
    })
  })

  it('keeps daily figures after the minutes are gone, counting each minute once', async () => {
    h.clock.now = START + 10 * MINUTE
    await postEvents(h, batch([['checkout', 1, 5]]))
    // The next hour's first batch rolls the hour up; the same day then has both.
    h.clock.now = START + HOUR + 10 * MINUTE
    await postEvents(h, batch([['checkout', 1, 2]]))
    expect(checkout(await flagList('?days=1'))?.series).toEqual([
      { at: START - 8 * HOUR, counts: [0, 7] },
    ])
    // 31 days on, the minutes of then are deleted; the day stays, the last minute is a day's.
    h.clock.now = START + 31 * DAY
    await postEvents(h, batch([['other-flag', 0, 1]]))
    const later = checkout(await flagList('?days=40'))
    expect(later?.series).toEqual([{ at: START - 8 * HOUR, counts: [0, 7] }])
    expect(later?.lastEvaluatedAt).toBe(START - 8 * HOUR)
    const [minutesLeft] = await h.query('select count(*) as n from event_minutes')
    // PostgreSQL answers a count as text.
    expect(Number(minutesLeft?.n)).toBe(0)
  })

  it('counts every minute once while the roll-ups catch up, a few minutes a batch', async () => {
    // Batches at minutes 2, 7, 12 and 61: each rolls up at most the chunks that have ended.
    for (const [minute, count] of [
      [2, 1],
      [7, 2],
      [12, 4],
      [61, 8],
    ] as const) {
      h.clock.now = START + minute * MINUTE
      await postEvents(h, batch([['checkout', 0, count]]))
      const hourly = await h.call(
        'GET',
        '/api/v1/environments/production/insights/flags/checkout?days=1',
      )
      const total = hourly.json.flags[0].totals[0]
      expect(total).toBe([1, 3, 7, 15][[2, 7, 12, 61].indexOf(minute)])
    }
    const [rolled] = await h.query('select sum(count) as n from event_hours')
    // Minutes 2 to 12 are rolled up; minute 61's chunk has not ended.
    expect(Number(rolled?.n)).toBe(7)
  })

  it("charts one flag's exposures per hour", async () => {
    h.clock.now = START + 5 * MINUTE
    await postEvents(h, batch([['checkout', 0, 2]]))
    h.clock.now = START + 2 * HOUR + 5 * MINUTE
    await postEvents(h, batch([['checkout', 1, 3]]))
    const res = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout?days=1',
    )
    expect(res.status).toBe(200)
    expect(res.json.step).toBe('hour')
    expect(res.json.flags).toHaveLength(1)
    expect(res.json.flags[0].series).toEqual([
      { at: START, counts: [2, 0] },
      { at: START + 2 * HOUR, counts: [0, 3] },
    ])
  })

  it('refuses a period it keeps no figures for, and an unknown environment or flag', async () => {
    const tooLong = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout?days=91&step=hour',
    )
    expect(tooLong.status).toBe(422)
    expect(tooLong.json.issues[0].path).toEqual(['days'])
    expect(
      (await h.call('GET', '/api/v1/environments/production/insights/flags?days=0')).status,
    ).toBe(422)
    expect((await h.call('GET', '/api/v1/environments/nowhere/insights/flags')).status).toBe(404)
    expect(
      (await h.call('GET', '/api/v1/environments/production/insights/flags/nope')).status,
    ).toBe(404)
    expect(
      (await h.call('GET', '/api/v1/environments/production/insights/flags', { token: null }))
        .status,
    ).toBe(401)
  })
})

describe('experiment results', () => {
  beforeEach(async () => {
    await h.call('PATCH', '/api/v1/flags/checkout/environments/production', {
      body: { metrics: ['purchase', 'basket'] },
    })
  })

  it('gives per variation the contexts, the rate with its interval and the lift', async () => {
    h.clock.now = START + MINUTE
    await postEvents(
      h,
      batch(
        [
          ['checkout', 0, 1000],
          ['checkout', 1, 1000],
        ],
        [
          ['purchase', 'checkout', 0, 100],
          ['purchase', 'checkout', 1, 150],
        ],
      ),
    )
    const res = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout/experiment?metric=purchase&days=7',
    )
    expect(res.status).toBe(200)
    const { variations, sampleRatio, kind, control, metrics } = res.json
    expect(kind).toBe('rate')
    expect(control).toBe(0)
    expect(metrics).toEqual(['basket', 'purchase'])
    expect(variations.map((v: { contexts: number }) => v.contexts)).toEqual([1000, 1000])
    expect(variations.map((v: { estimate: number }) => v.estimate)).toEqual([0.1, 0.15])
    expect(variations[0].lift).toBeNull()
    expect(variations[1].lift).toBeCloseTo(0.5, 12)
    for (const v of variations) {
      expect(v.interval.low).toBeLessThan(v.estimate)
      expect(v.interval.high).toBeGreaterThan(v.estimate)
    }
    expect(variations[1].liftInterval.low).toBeLessThan(0.5)
    expect(variations[1].liftInterval.high).toBeGreaterThan(0.5)
    // An even split of an even rollout: no mismatch.
    expect(sampleRatio).toMatchObject({ chiSquare: 0, degreesOfFreedom: 1, mismatch: false })
    expect(res.json.series).toEqual([
      { at: START, variation: 0, exposures: 1000, count: 100, sum: 100 },
      { at: START, variation: 1, exposures: 1000, count: 150, sum: 150 },
    ])
  })

  it('warns of a split that does not fit the weights', async () => {
    h.clock.now = START + MINUTE
    await postEvents(
      h,
      batch([
        ['checkout', 0, 1000],
        ['checkout', 1, 1300],
      ]),
    )
    const res = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout/experiment',
    )
    expect(res.json.metric).toBe('basket')
    // Expected 1,150 each: (150² / 1150) · 2.
    expect(res.json.sampleRatio.chiSquare).toBeCloseTo((2 * 150 ** 2) / 1150, 9)
    expect(res.json.sampleRatio.mismatch).toBe(true)
    expect(res.json.variations[1].estimate).toBe(0)
  })

  it('averages a metric with values, and says which metrics it tracks', async () => {
    h.clock.now = START + MINUTE
    await postEvents(
      h,
      batch(
        [
          ['checkout', 0, 10],
          ['checkout', 1, 10],
        ],
        [
          ['basket', 'checkout', 0, 4, 40, 416],
          ['basket', 'checkout', 1, 2, 30, 458],
        ],
      ),
    )
    const res = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout/experiment?metric=basket',
    )
    expect(res.json.kind).toBe('mean')
    expect(res.json.variations.map((v: { estimate: number }) => v.estimate)).toEqual([10, 15])
    expect(res.json.variations.map((v: { events: number }) => v.events)).toEqual([4, 2])
    const unknown = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout/experiment?metric=clicks',
    )
    expect(unknown.status).toBe(404)
    const bad = await h.call(
      'GET',
      '/api/v1/environments/production/insights/flags/checkout/experiment?alpha=2',
    )
    expect(bad.status).toBe(422)
  })
})

describe('code references', () => {
  const upload = (refs: unknown[], commit = 'abc123') =>
    h.call('POST', '/api/v1/code-refs', { body: { repository: 'shop/web', commit, refs } })

  it('stores an upload, shows it per flag, and replaces it with the next one', async () => {
    const first = await upload([
      { flag: 'checkout', file: 'src/cart.ts', line: 12, column: 7, text: "isEnabled('checkout')" },
      { flag: 'gone-flag', file: 'src/old.ts', line: 3 },
    ])
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ refs: 2, flags: 2, unknownFlags: ['gone-flag'] })
    const refs = await h.call('GET', '/api/v1/flags/checkout/code-refs')
    expect(refs.json).toEqual({
      flag: 'checkout',
      repositories: [
        {
          repository: 'shop/web',
          commit: 'abc123',
          uploadedAt: START,
          refs: [{ file: 'src/cart.ts', line: 12, column: 7, text: "isEnabled('checkout')" }],
        },
      ],
    })
    await upload([], 'def456')
    expect((await h.call('GET', '/api/v1/flags/checkout/code-refs')).json.repositories).toEqual([])
  })

  it('refuses a reference without a line', async () => {
    const res = await upload([{ flag: 'checkout', file: 'a.ts' }])
    expect(res.status).toBe(422)
    expect(res.json.issues[0].path).toEqual(['refs', 0, 'line'])
  })
})

describe('the stale-flag report', () => {
  it('lists flags not evaluated, serving one variation, or without code references', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'quiet' } })
    await h.call('POST', '/api/v1/flags', { body: { key: 'settled' } })
    await h.call('POST', '/api/v1/code-refs', {
      body: {
        repository: 'shop/web',
        commit: 'abc',
        refs: [
          { flag: 'settled', file: 'a.ts', line: 1 },
          { flag: 'quiet', file: 'b.ts', line: 1 },
        ],
      },
    })
    // 40 days on: `settled` served only variation 0 for the last 30, `checkout` both.
    for (let day = 1; day <= 40; day++) {
      h.clock.now = START + day * DAY
      await postEvents(
        h,
        batch([
          ['settled', 0, 5],
          ['checkout', 0, 5],
          ['checkout', 1, 5],
        ]),
      )
    }
    const res = await h.call('GET', '/api/v1/insights/stale?days=30')
    expect(res.status).toBe(200)
    const production = res.json.flags.filter(
      (f: { environment: string }) => f.environment === 'production',
    )
    expect(production.map((f: { flag: string; reasons: string[] }) => [f.flag, f.reasons])).toEqual(
      [
        ['checkout', ['no-code-refs']],
        ['quiet', ['not-evaluated']],
        ['settled', ['single-variation']],
      ],
    )
    const settled = production.find((f: { flag: string }) => f.flag === 'settled')
    expect(settled).toMatchObject({
      servedVariation: 0,
      lastEvaluatedAt: START + 40 * DAY,
      codeRefs: 1,
    })
  })

  it('judges no flag younger than the period by its evaluations', async () => {
    const res = await h.call('GET', '/api/v1/insights/stale?days=30')
    expect(res.json).toEqual({ days: 30, codeRefsKnown: false, flags: [] })
  })
})

describe('delivery metrics', () => {
  it('counts releases and failures per week, with the time to restore, also in /metrics', async () => {
    const path = '/api/v1/flags/kill-me/environments/production'
    h.clock.now = START
    await h.call('POST', '/api/v1/flags', { body: { key: 'kill-me' } })
    h.clock.now = START + HOUR
    await h.call('PATCH', path, { body: { enabled: true, fallthrough: { variation: 1 } } })
    h.clock.now = START + 2 * HOUR
    await h.call('PATCH', path, { body: { enabled: false } })
    h.clock.now = START + 5 * HOUR
    await h.call('PATCH', path, { body: { enabled: true } })

    const res = await h.call('GET', '/api/v1/environments/production/insights/delivery?weeks=2')
    expect(res.status).toBe(200)
    // 2027-01-15 is a Friday: its week starts on Monday the 11th.
    expect(res.json.weeks.map((w: { week: string }) => w.week)).toEqual([
      '2027-01-04',
      '2027-01-11',
    ])
    const week = res.json.weeks[1]
    // `checkout` (released in beforeEach, at START) and `kill-me` twice.
    expect(week.releases).toBe(3)
    expect(week.failures).toBe(1)
    expect(week.changeFailureRate).toBeCloseTo(1 / 3, 12)
    expect(week.timeToRestore).toEqual({ median: 3 * HOUR, count: 1 })
    // Only `kill-me` came to serve everyone a variation other than the off one (checkout: 50/50).
    expect(week.leadTime).toEqual({ median: HOUR, count: 1 })

    const metrics = await h.call('GET', '/metrics', { token: null })
    expect(metrics.text).toContain(
      'andon_delivery_releases{environment="production",week="2027-01-11"} 3',
    )
    expect(metrics.text).toContain(
      'andon_delivery_time_to_restore_seconds{environment="production",week="2027-01-11"} 10800',
    )
  })
})
