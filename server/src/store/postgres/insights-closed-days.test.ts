/**
 * The flag list's closed days under two processes (two connection pools and two stores, each
 * with its own memory): the one that reads keeps the days that ended before the roll-ups'
 * reach, while the other counts batches and rolls them up; every answer stays exact.
 */
import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import type { EventBatch } from '@andon/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { booleanFlag } from '../../testing/flag-fixtures.js'
import { freshDatabase, type TestDatabase } from '../../testing/postgres.js'
import type { PostgresStoreCore as Store } from './resilient-store.js'
import { schema } from './context.js'
import { createPostgresStore } from './postgres-store.js'

const actor = { name: 'ana' }
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A day's start. */
const D = 1_800_000_000_000 - (1_800_000_000_000 % DAY)
const clock = { now: D }
const pools: pg.Pool[] = []
let database: TestDatabase
let reader: Store
let counter: Store

beforeAll(async () => {
  database = await freshDatabase('andon_t', true)
  const store = () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 4 })
    // The database is dropped at the end: an idle connection's error then is expected.
    pool.on('error', () => {})
    pools.push(pool)
    return createPostgresStore({ db: drizzle(pool, { schema }), now: () => clock.now })
  }
  reader = store()
  counter = store()
  await reader.createEnvironment({ key: 'production', name: 'production' }, actor)
  await reader.createFlag(booleanFlag('checkout'), actor)
})

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()))
  await database?.drop()
})

let batches = 0
const batch = (count: number): EventBatch => ({
  id: `closed-${++batches}`,
  startedAt: 0,
  endedAt: 0,
  exposures: count === 0 ? [] : [{ flag: 'checkout', variation: 1, count }],
  metrics: [],
  dropped: 0,
})

/** Exposures counted by the other process at `at`, and a batch 20 minutes on to roll them up. */
async function countAt(at: number, count: number) {
  const id = (await counter.getEnvironment('production'))?.id as number
  clock.now = at
  await counter.recordEvents(id, batch(count), { clientSideOnly: false, source: '' })
  clock.now = at + 20 * MINUTE
  await counter.recordEvents(id, batch(0), { clientSideOnly: false, source: '' })
}

const chart = async () => {
  const answer = await reader.flagEvaluations('production', { step: 'day', from: D - 6 * DAY })
  const f = answer.flags[0]
  return f && { totals: f.totals, series: f.series.map((p) => [p.at, ...p.counts]) }
}

it("answers from its own memory of closed days and the other process's open ones", async () => {
  await countAt(D + HOUR, 3)
  await countAt(D + DAY + HOUR, 5)
  // Day D is closed: the reader keeps it.
  expect(await chart()).toEqual({
    totals: [0, 8],
    series: [
      [D, 0, 3],
      [D + DAY, 0, 5],
    ],
  })
  // Read once: a change beneath the store (which no roll-up makes) does not show.
  await pools[0]!.query(`update event_days set count = count + 100 where at = ${D}`)
  expect((await chart())?.series[0]).toEqual([D, 0, 3])
  await pools[0]!.query(`update event_days set count = count - 100 where at = ${D}`)
  // The other process counts into the open day, then into the next, closing day D + 1.
  await countAt(D + DAY + 2 * HOUR, 2)
  expect((await chart())?.totals).toEqual([0, 10])
  await countAt(D + 2 * DAY + HOUR, 4)
  expect(await chart()).toEqual({
    totals: [0, 14],
    series: [
      [D, 0, 3],
      [D + DAY, 0, 7],
      [D + 2 * DAY, 0, 4],
    ],
  })
  const [rolled] = (await pools[0]!.query('select until from event_rollup')).rows
  // The reach is in day D + 2, so days D and D + 1 were answered from memory.
  expect(Number(rolled.until)).toBeGreaterThan(D + 2 * DAY)
})
