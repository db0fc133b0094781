import { describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { batch, postEvents } from '../testing/guard-fixtures.js'
import type { EvaluationsAnswer } from './insights-model.js'
import { createClosedDaysCache } from './closed-days.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** The harness's clock starts at 2027-01-15T08:00Z; the day of it starts 8 hours before. */
const D = 1_800_000_000_000 - 8 * HOUR

const flagList = async (h: Harness, days = 7) => {
  const res = await h.call('GET', `/api/v1/environments/production/insights/flags?days=${days}`)
  expect(res.status).toBe(200)
  return res.json as EvaluationsAnswer
}
const chartOf = async (h: Harness, flag: string) => {
  const f = (await flagList(h)).flags.find((x) => x.flag === flag)
  return f && { totals: f.totals, series: f.series }
}
/** Events of the day `day` days after D, at `minute` past 01:00; a second batch rolls the
 * first one's minutes up (one ended chunk a batch), so that the roll-ups reach that day. */
async function eventsOn(h: Harness, day: number, exposures: [string, number, number][]) {
  h.clock.now = D + day * DAY + HOUR
  await postEvents(h, batch(exposures))
  h.clock.now += 20 * MINUTE
  await postEvents(h, batch([]))
}

describe.each(['sqlite', 'postgres'] as const)('the flag list on %s', (store) => {
  it('keeps each day right while it closes, for flags new, changed and archived', async () => {
    const h = await createHarness({ store })
    await h.call('POST', '/api/v1/flags', { body: { key: 'theme', variations: ['red', 'blue'] } })
    await h.call('POST', '/api/v1/flags', { body: { key: 'old' } })
    await eventsOn(h, 0, [
      ['theme', 0, 3],
      ['old', 1, 1],
    ])
    await eventsOn(h, 1, [['theme', 1, 5]])
    // Day 0 is closed (and now kept); day 1 is open.
    expect(await chartOf(h, 'theme')).toEqual({
      totals: [3, 5],
      series: [
        { at: D, counts: [3, 0] },
        { at: D + DAY, counts: [0, 5] },
      ],
    })
    // The open day takes more; a flag made since, and a third variation, are counted too.
    h.clock.now = D + DAY + 3 * HOUR
    await h.call('POST', '/api/v1/flags', { body: { key: 'fresh' } })
    const patched = await h.call('PATCH', '/api/v1/flags/theme', {
      body: { variations: ['red', 'blue', 'green'] },
    })
    expect(patched.status).toBe(200)
    await postEvents(
      h,
      batch([
        ['theme', 2, 2],
        ['fresh', 0, 4],
      ]),
    )
    await h.call('DELETE', '/api/v1/flags/old')
    const answer = await flagList(h)
    expect(answer.flags.map((f) => f.flag)).toEqual(['fresh', 'theme'])
    expect(await chartOf(h, 'theme')).toEqual({
      totals: [3, 5, 2],
      series: [
        { at: D, counts: [3, 0, 0] },
        { at: D + DAY, counts: [0, 5, 2] },
      ],
    })
    expect(await chartOf(h, 'fresh')).toEqual({
      totals: [4, 0],
      series: [{ at: D + DAY, counts: [4, 0] }],
    })
    // Day 1 closes with everything it took; day 2 opens.
    await eventsOn(h, 2, [['theme', 0, 1]])
    expect(await chartOf(h, 'theme')).toEqual({
      totals: [4, 5, 2],
      series: [
        { at: D, counts: [3, 0, 0] },
        { at: D + DAY, counts: [0, 5, 2] },
        { at: D + 2 * DAY, counts: [1, 0, 0] },
      ],
    })
    // Seven days on, day 0 has left the period.
    h.clock.now = D + 7 * DAY + HOUR
    expect((await chartOf(h, 'theme'))?.series.map((p) => p.at)).toEqual([D + DAY, D + 2 * DAY])
  })
  it('answers a shorter period from a longer one kept, and the longer one again', async () => {
    const h = await createHarness({ store })
    await h.call('POST', '/api/v1/flags', { body: { key: 'theme' } })
    await eventsOn(h, 0, [['theme', 0, 3]])
    await eventsOn(h, 8, [['theme', 1, 5]])
    await eventsOn(h, 9, [['theme', 1, 1]])
    const month = (await flagList(h, 30)).flags[0]
    expect(month?.totals).toEqual([3, 6])
    const week = (await flagList(h, 7)).flags[0]
    expect(week?.totals).toEqual([0, 6])
    expect(week?.series).toEqual([
      { at: D + 8 * DAY, counts: [0, 5] },
      { at: D + 9 * DAY, counts: [0, 1] },
    ])
    expect((await flagList(h, 30)).flags[0]).toEqual(month)
  })
})

describe('the closed days kept', () => {
  it('keeps a bounded number of periods and points, the least recently used going first', () => {
    const cache = createClosedDaysCache({ periods: 2, points: 10 })
    const a = cache.period(1, 0, DAY)
    a.charts.set(7, { variations: 2, totals: [1, 0], series: [] })
    cache.added(a, 4)
    const b = cache.period(1, DAY, 2 * DAY)
    cache.added(b, 4)
    // `a` used again: `b` is the least recent, and goes when a third period comes.
    expect(cache.period(1, 0, DAY)).toBe(a)
    cache.added(cache.period(2, 0, DAY), 1)
    expect(cache.period(1, 0, DAY)).toBe(a)
    expect(cache.period(1, DAY, 2 * DAY)).not.toBe(b)
  })

  it('keeps no more points than its bound', () => {
    const cache = createClosedDaysCache({ periods: 5, points: 10 })
    const first = cache.period(1, 0, DAY)
    cache.added(first, 6)
    const second = cache.period(2, 0, DAY)
    cache.added(second, 6)
    expect(cache.period(2, 0, DAY)).toBe(second)
    expect(cache.period(1, 0, DAY)).not.toBe(first)
  })
})
