/**
 * `npm run bench -- insights`: the insights reads on a real SQLite file with 1,000 flags and 30
 * days of per-minute figures, answered by the app in this process (`app.request`, no network):
 * the flag list with every flag's daily chart, one flag's hourly chart, and the experiment view,
 * p50/p99 of 1,000 requests each (the p99 is then the tenth slowest), and the flag list's first
 * request, which counts the days that can no longer change before later ones reuse them. Then
 * event ingest, batches per second, by the path without the roll-ups (as before insights) and
 * with them, and what the batch that rolls a chunk up costs.
 *
 * The figures: every flag has exposures of both variations every 10th minute for 30 days
 * (8.6 M rows) and every minute of the last half hour; the experiment's flag has exposures and
 * a metric every minute for 30 days. They are written with SQL and rolled up by the store's
 * own roll-up, up to the last ended chunk, as the batches of a running server leave them: the
 * clock is three and a half minutes into a chunk, so every flag has minutes not rolled up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { EventBatch } from '@andon/core'
import { createApp } from '../../server/src/app.js'
import { openDatabase } from '../../server/src/db/open-database.js'
import { seedIfEmpty } from '../../server/src/seed.js'
import { createSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js'
import { createGroupCommit } from '../../server/src/store/sqlite/group-commit.js'
import { recordEvents } from '../../server/src/store/sqlite/event-writes.js'
import { schema } from '../../server/src/store/sqlite/context.js'
import {
  ROLLUP_CHUNK_MS,
  rolledUntil,
  rollUp,
} from '../../server/src/store/sqlite/insights-rollup.js'
import { evaluations } from '../../server/src/store/sqlite/insights-reads.js'
import { createMemoryBroker } from '../../server/src/stream/memory-broker.js'
import { printTable, quantile } from './_timing.js'

const FLAGS = 1000
const DAYS = 30
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const REQUESTS = 1000
const BASELINE_REQUESTS = 200
const INGEST_MS = 3000
const EXPERIMENT_FLAG = 'flag-0000'
const ms = (x: number) => `${x.toFixed(1)} ms`

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-insights-'))
  try {
    await bench(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function bench(dir: string) {
  const sqlite = openDatabase(join(dir, 'andon.db'))
  // Into a chunk of the hour: the chunk's minutes are not rolled up yet.
  const clock = { now: Date.UTC(2027, 0, 15, 12, 33, 30) }
  const now = () => clock.now
  const store = createSqliteStore({ sqlite, now })
  const seeded = await seedIfEmpty(store, 'bench-admin-token')
  if (seeded === undefined) throw new Error('a fresh database is seeded')
  const app = createApp({
    store,
    broker: createMemoryBroker({}),
    clock: now,
    logError: console.error,
  })
  const actor = { name: 'bench' }
  const keys = Array.from({ length: FLAGS }, (_, i) => `flag-${String(i).padStart(4, '0')}`)
  for (let i = 0; i < FLAGS; i += 100)
    await Promise.all(
      keys.slice(i, i + 100).map((key) =>
        store.createFlag(
          {
            key,
            name: key,
            description: '',
            variations: [false, true],
            clientSide: false,
            tags: [],
          },
          actor,
        ),
      ),
    )
  await store.updateFlagConfig(
    EXPERIMENT_FLAG,
    'production',
    {
      enabled: true,
      metrics: ['purchase'],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 50_000 },
            { variation: 1, weight: 50_000 },
          ],
        },
      },
    },
    { actor },
  )
  const env = (await store.getEnvironment('production'))!

  // Setup only: a large page cache and no fsync make writing 30 days of figures take seconds,
  // not many minutes; both go back to the server's settings before anything is measured.
  const defaultCache = sqlite.pragma('cache_size', { simple: true }) as number
  sqlite.pragma('cache_size = -2000000')
  sqlite.pragma('synchronous = OFF')
  const setupStart = performance.now()
  const hour = clock.now - (clock.now % HOUR)
  const start = hour - DAYS * DAY
  const insert = sqlite.prepare(`
    with recursive m(minute) as (select @from union all select minute + @step from m where minute + @step < @to)
    insert or ignore into event_minutes (environment_id, flag_id, metric, variation, minute, count, sum, sum_squares)
    select @env, @flag, @metric, v.variation, m.minute, @count + v.variation, @sum, @sum
    from (select 0 as variation union all select 1) v cross join m`)
  const flagIds = sqlite.prepare('select id, key from flags order by key').all() as {
    id: number
    key: string
  }[]
  const write = sqlite.transaction(() => {
    for (const [i, f] of flagIds.entries()) {
      const dense = f.key === EXPERIMENT_FLAG
      const step = dense ? MINUTE : 10 * MINUTE
      const from = start + (dense ? 0 : (i % 10) * MINUTE)
      insert.run({ env: env.id, flag: f.id, metric: '', from, to: hour, step, count: 20, sum: 0 })
      if (dense)
        insert.run({
          env: env.id,
          flag: f.id,
          metric: 'purchase',
          from,
          to: hour,
          step,
          count: 2,
          sum: 2,
        })
    }
  })
  write()
  const rowsWritten = (
    sqlite.prepare('select count(*) as n from event_minutes').get() as { n: number }
  ).n
  const written = performance.now()
  const batchOf = (id: string, flags: readonly string[]): EventBatch => ({
    id,
    startedAt: 1,
    endedAt: 2,
    exposures: flags.flatMap((flag) => [
      { flag, variation: 0, count: 10 },
      { flag, variation: 1, count: 10 },
    ]),
    metrics: flags
      .slice(0, 5)
      .map((flag) => ({ metric: 'purchase', flag, variation: 1, count: 1, sum: 1, sumSquares: 1 })),
    dropped: 0,
  })
  // The store rolls the 30 days up a few minutes per batch (as on a server upgraded to
  // insights); here the same function runs in a loop, without the batches.
  const ctx = { db: drizzle(sqlite, { schema }), now }
  const catchUp = sqlite.transaction(() => {
    let chunks = 0
    for (let until = rolledUntil(ctx) ?? 0; until < clock.now - ROLLUP_CHUNK_MS; chunks++) {
      rollUp(ctx)
      const next = rolledUntil(ctx) ?? 0
      if (next === until) break
      until = next
    }
    return chunks
  })
  const chunks = catchUp()
  const rolled = performance.now()
  const last = sqlite.transaction(() => {
    for (const f of flagIds)
      insert.run({
        env: env.id,
        flag: f.id,
        metric: '',
        from: hour,
        to: clock.now,
        step: MINUTE,
        count: 20,
        sum: 0,
      })
  })
  last()
  // In steady state each batch rolls up the chunk that ended: at most a chunk stays in minutes.
  catchUp()
  sqlite.pragma(`cache_size = ${defaultCache}`)
  sqlite.pragma('synchronous = FULL')
  console.log(
    `${FLAGS} flags, ${rowsWritten.toLocaleString('en')} per-minute rows over ${DAYS} days written in ${((written - setupStart) / 1000).toFixed(1)} s, rolled up into hours and days (${chunks} chunks) in ${((rolled - written) / 1000).toFixed(1)} s`,
  )

  const auth = { headers: { Authorization: 'Bearer bench-admin-token' } }
  /** p50, p99, the answer's size and the first request's time; the answer, last. */
  async function timed(
    path: string,
    requests = REQUESTS,
    on = app,
  ): Promise<[number, number, number, number, string]> {
    const samples: number[] = []
    let body = ''
    let first = 0
    for (let i = 0; i < requests + 10; i++) {
      const t = performance.now()
      const res = await on.request(path, auth)
      body = await res.text()
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`)
      if (i === 0) first = performance.now() - t
      if (i >= 10) samples.push(performance.now() - t)
    }
    return [quantile(samples, 0.5), quantile(samples, 0.99), body.length, first, body]
  }
  const base = '/api/v1/environments/production/insights/flags'
  const list = await timed(`${base}?days=30`)
  // The baseline, in the same conditions: every day of the flag list read and counted anew,
  // as before its closed days were kept (fewer requests: each takes some hundreds of ms).
  const uncached = createApp({
    store: { ...store, flagEvaluations: async (e, q) => evaluations(ctx, e, q) },
    broker: createMemoryBroker({}),
    clock: now,
    logError: console.error,
  })
  const baseline = await timed(`${base}?days=30`, BASELINE_REQUESTS, uncached)
  if (baseline[4] !== list[4]) throw new Error('the flag list differs from the baseline’s')
  const page = await timed(`${base}/${EXPERIMENT_FLAG}?days=7`)
  const experiment = await timed(`${base}/${EXPERIMENT_FLAG}/experiment?metric=purchase&days=30`)
  printTable(
    ['read (1,000 flags, 30 days)', 'p50', 'p99', 'answer', 'target p99'],
    [
      [
        'flag list with every flag’s daily chart',
        ms(list[0]),
        ms(list[1]),
        `${(list[2] / 1024).toFixed(0)} KiB`,
        '≤ 200 ms',
      ],
      ['the flag list’s first request (closed days counted, then kept)', ms(list[3]), '', '', ''],
      [
        `baseline: the flag list, every day read anew (${BASELINE_REQUESTS} requests)`,
        ms(baseline[0]),
        ms(baseline[1]),
        `${(baseline[2] / 1024).toFixed(0)} KiB`,
        '',
      ],
      [
        'one flag’s hourly chart, 7 days',
        ms(page[0]),
        ms(page[1]),
        `${(page[2] / 1024).toFixed(0)} KiB`,
        '',
      ],
      [
        'experiment view, 30 days',
        ms(experiment[0]),
        ms(experiment[1]),
        `${(experiment[2] / 1024).toFixed(0)} KiB`,
        '≤ 300 ms',
      ],
    ],
  )

  // Ingest: 50 flags per batch, one after the other (each its own commit).
  const withoutRollups = createGroupCommit(sqlite, () => {})
  const envRow = { id: env.id, key: env.key }
  let n = 0
  const rate = async (record: (batch: EventBatch) => Promise<unknown>) => {
    let batches = 0
    const t = performance.now()
    while (performance.now() - t < INGEST_MS) {
      const offset = (n++ * 50) % FLAGS
      await record(batchOf(`b-${n}`, keys.slice(offset, offset + 50)))
      batches++
    }
    return (batches * 1000) / (performance.now() - t)
  }
  const before = await rate((b) =>
    withoutRollups((out) =>
      recordEvents(ctx, envRow, b, { clientSideOnly: false, source: '' }, out),
    ),
  )
  const after = await rate((b) =>
    store.recordEvents(env.id, b, { clientSideOnly: false, source: '' }),
  )
  // The first batch after a chunk ends rolls it up: every flag's minutes of the last chunk.
  const chunkEnd = clock.now - (clock.now % ROLLUP_CHUNK_MS) + ROLLUP_CHUNK_MS
  sqlite.transaction(() => {
    for (const f of flagIds)
      insert.run({
        env: env.id,
        flag: f.id,
        metric: '',
        from: chunkEnd - ROLLUP_CHUNK_MS,
        to: chunkEnd,
        step: MINUTE,
        count: 20,
        sum: 0,
      })
  })()
  clock.now = chunkEnd + MINUTE
  const t = performance.now()
  await store.recordEvents(env.id, batchOf('next-hour', keys.slice(0, 50)), {
    clientSideOnly: false,
    source: '',
  })
  const rollupBatch = performance.now() - t
  printTable(
    ['event ingest (50 flags a batch, sequential)', 'batches/s'],
    [
      ['without roll-ups (the path before insights)', before.toFixed(0)],
      ['with roll-ups', after.toFixed(0)],
      [
        'the batch that rolls up the chunk just ended (1,000 flags every minute)',
        `${rollupBatch.toFixed(0)} ms every ${ROLLUP_CHUNK_MS / 60_000} min`,
      ],
    ],
  )
  await store.close()
}
