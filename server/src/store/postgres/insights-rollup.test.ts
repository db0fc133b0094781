/**
 * The roll-ups of the PostgreSQL store under writers from two connection pools (two processes,
 * as far as the database can tell): however the batches of an environment interleave, each
 * minute is rolled up once, and each environment's roll-ups reach only as far as its own.
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
/** An hour's start: chunks of five minutes end at minute 5, 10, ... */
const START = 1_800_000_000_000 - (1_800_000_000_000 % HOUR)
/** Each process's clock: the same unless a test sets one behind. */
const clocks: [{ now: number }, { now: number }] = [{ now: START }, { now: START }]
const at = (now: number) => clocks.forEach((c) => (c.now = now))
const pools: pg.Pool[] = []
let database: TestDatabase
let stores: [Store, Store]

beforeAll(async () => {
  database = await freshDatabase('andon_t', true)
  const store = (clock: { now: number }) => {
    const pool = new pg.Pool({ connectionString: database.url, max: 8 })
    // The database is dropped at the end: an idle connection's error then is expected.
    pool.on('error', () => {})
    pools.push(pool)
    return createPostgresStore({ db: drizzle(pool, { schema }), now: () => clock.now })
  }
  stores = [store(clocks[0]), store(clocks[1])]
  for (const key of ['development', 'production']) {
    await stores[0].createEnvironment({ key, name: key }, actor)
  }
  await stores[0].createFlag(booleanFlag('checkout'), actor)
})

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()))
  await database?.drop()
})

let batches = 0
const batch = (count: number): EventBatch => ({
  id: `rollup-${++batches}`,
  startedAt: 0,
  endedAt: 0,
  exposures: [{ flag: 'checkout', variation: 1, count }],
  metrics: [],
  dropped: 0,
})

const envId = async (environment: string) =>
  (await stores[0].getEnvironment(environment))?.id as number

/** `n` batches of one exposure each, half through each store, all at once. */
async function postAtOnce(environment: string, n: number) {
  const id = await envId(environment)
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      stores[i % 2]!.recordEvents(id, batch(1), { clientSideOnly: false, source: '' }),
    ),
  )
}

const sumOf = async (text: string) => {
  const { rows } = await pools[0]!.query<{ n: string | null }>(text)
  return Number(rows[0]?.n ?? 0)
}

it('rolls each minute up once when two processes count batches across a chunk end', async () => {
  at(START + 2 * MINUTE)
  await postAtOnce('production', 40)
  // The chunk has ended: every batch of both processes may try to roll it up.
  at(START + 6 * MINUTE)
  await postAtOnce('production', 40)
  expect(await sumOf('select sum(count) as n from event_hours')).toBe(40)
  expect(await sumOf('select sum(count) as n from event_days')).toBe(40)
  const answer = await stores[1].flagEvaluations('production', {
    step: 'hour',
    from: START,
    flag: 'checkout',
  })
  expect(answer.flags[0]?.totals).toEqual([0, 80])

  // Development's first batch rolls up its own minutes only; production's reach stays.
  at(START + 2 * HOUR)
  await postAtOnce('development', 2)
  const { rows } = await pools[0]!.query<{ id: number; until: string }>(
    'select id, until from event_rollup order by id',
  )
  expect(rows.map((r) => [r.id, Number(r.until)])).toEqual([
    // A minute behind: the chunk that ended at START + 2 * HOUR is not over for every clock.
    [1, START + 2 * HOUR - 5 * MINUTE],
    [2, START + 5 * MINUTE],
  ])
  expect(await sumOf('select sum(count) as n from event_hours')).toBe(40)
})

it('leaves a chunk to a process whose clock is a little behind before rolling it up', async () => {
  await stores[0].createEnvironment({ key: 'staging', name: 'staging' }, actor)
  const id = await envId('staging')
  const post = (store: Store, count: number) =>
    store.recordEvents(id, batch(count), { clientSideOnly: false, source: '' })
  const hour = START + 3 * HOUR
  // The first process is past the chunk's end; the second, 20 seconds behind, still in it.
  clocks[0].now = hour + 5 * MINUTE + 10_000
  clocks[1].now = hour + 4 * MINUTE + 50_000
  await post(stores[0], 1)
  await post(stores[1], 2)
  at(hour + 6 * MINUTE + 10_000)
  await post(stores[0], 4)
  // The second process's minute is rolled up; the first's chunk is not over yet.
  expect(await sumOf(`select sum(count) as n from event_hours where environment_id = ${id}`)).toBe(
    2,
  )
  const answer = await stores[1].flagEvaluations('staging', {
    step: 'hour',
    from: hour,
    flag: 'checkout',
  })
  expect(answer.flags[0]?.totals).toEqual([0, 7])
})
