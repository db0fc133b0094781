/**
 * The PostgreSQL store against a real PostgreSQL (a fresh database per file on the test
 * server; not a schema, since the migrations name `public` in their foreign keys): what it keeps and answers, that it answers as the SQLite store does, and the
 * guarantees that concurrent writers from two connection pools (two processes, as far as the
 * database can tell) must not break. No test skips: without PostgreSQL, `beforeAll` fails.
 */
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import type { EventBatch, Flag } from '@andon/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../db/open-database.js'
import { releasePlanBody } from '../../release/plan-schema.js'
import { booleanFlag } from '../../testing/flag-fixtures.js'
import { freshDatabase, type TestDatabase } from '../../testing/postgres.js'
import type { Change, EventsOutcome } from '../store.js'
import type { PostgresStoreCore as Store } from './resilient-store.js'
import { StoreError } from '../store-error.js'
import { createSqliteStore } from '../sqlite/sqlite-store.js'
import { CHANGE_LOG_KEPT, LOCK_SPACE, schema } from './context.js'
import { createPostgresStore } from './postgres-store.js'

const actor = { name: 'ana' }
const SECOND = 1000
const migrationsFolder = fileURLToPath(new URL('../../../../drizzle/postgres', import.meta.url))
let database: TestDatabase

const clients: pg.Pool[] = []
const clock = { now: 1_800_000_000_000 }
let changes: Change[] = []

function client(max = 10) {
  const pool = new pg.Pool({ connectionString: database.url, max })
  // The database is dropped at the end: an idle connection's error then is expected.
  pool.on('error', () => {})
  clients.push(pool)
  return pool
}

const pools = new Map<Store, pg.Pool>()

/** A store on its own connection pool: to the database, another process. */
function newStore(): Store {
  const pool = client()
  const made = createPostgresStore({
    db: drizzle(pool, { schema }),
    now: () => clock.now,
    onCommit: (list) => changes.push(...list),
  })
  pools.set(made, pool)
  return made
}

async function endStore(s: Store | undefined) {
  const pool = s === undefined ? undefined : pools.get(s)
  if (pool === undefined) return
  pools.delete(s as Store)
  clients.splice(clients.indexOf(pool), 1)
  await pool.end()
}

/** Counts the statements a store sends outside transactions from now on. */
function countStatements(s: Store): () => number {
  const spy = vi.spyOn(pools.get(s) as pg.Pool, 'query')
  return () => {
    const sent = spy.mock.calls.length
    spy.mockRestore()
    return sent
  }
}

let store: Store
let other: Store

beforeAll(async () => {
  database = await freshDatabase()
  await migrate(drizzle(client(1), { schema }), { migrationsFolder })
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()))
  await database?.drop()
})

beforeEach(async () => {
  const [admin] = clients as [pg.Pool]
  const tables = Object.values(schema).map((t) => `"${tableName(t)}"`)
  await admin.query(`truncate ${tables.join(', ')} restart identity cascade`)
  // New stores: ids start again, and a store's memory of what it wrote must not outlive them.
  await Promise.all([store, other].map(endStore))
  store = newStore()
  other = newStore()
  clock.now = 1_800_000_000_000
  changes = []
  for (const key of ['development', 'production']) {
    await store.createEnvironment({ key, name: key }, { name: 'system' })
  }
})

function tableName(table: unknown): string {
  return (table as Record<symbol, string>)[Symbol.for('drizzle:Name')] as string
}

async function waitFor(check: () => Promise<boolean>) {
  for (const started = Date.now(); !(await check());) {
    if (Date.now() - started > 10_000) throw new Error('waited 10 s in vain')
    await new Promise((r) => setTimeout(r, 10))
  }
}

const envId = async (s: Store, key = 'production') => (await s.getEnvironment(key))?.id as number

let batches = 0
/** Exposures per variation [control, treatment] of `checkout`, and its errors. */
function batch(exposures: [number, number], errors: [number, number] = [0, 0]): EventBatch {
  return {
    id: `pg-batch-${++batches}`,
    startedAt: 0,
    endedAt: 0,
    exposures: exposures.map((count, variation) => ({ flag: 'checkout', variation, count })),
    metrics: errors
      .map((count, variation) => ({
        flag: 'checkout',
        metric: 'error',
        variation,
        count,
        sum: count,
        sumSquares: count,
      }))
      .filter((m) => m.count > 0),
    dropped: 0,
  }
}

const errorGuard = {
  metric: 'error',
  kind: 'rate' as const,
  worseWhen: 'higher' as const,
  threshold: 0,
  minSamples: 100,
  action: 'disable' as const,
  alpha: 0.05,
}

const half = {
  rollout: {
    variations: [
      { variation: 0, weight: 50_000 },
      { variation: 1, weight: 50_000 },
    ],
  },
}

async function guardedFlag(s: Store) {
  await s.createFlag(booleanFlag('checkout'), actor)
  await s.setGuards('checkout', 'production', [errorGuard], actor)
  await s.updateFlagConfig(
    'checkout',
    'production',
    { enabled: true, fallthrough: half },
    { actor },
  )
}

const record = async (s: Store, b: EventBatch) =>
  s.recordEvents(await envId(s), b, { clientSideOnly: false, source: '' })

describe('the PostgreSQL store', () => {
  it('creates, updates and archives a flag in every environment, audited and streamed', async () => {
    const meta = await store.createFlag(booleanFlag('checkout'), actor)
    expect(meta).toMatchObject({ key: 'checkout', variations: [false, true], createdAt: clock.now })
    await expect(store.createFlag(booleanFlag('checkout'), actor)).rejects.toMatchObject({
      kind: 'conflict',
      message: 'flag checkout already exists',
    })
    clock.now += SECOND
    const updated = await store.updateFlag('checkout', { name: 'Checkout', tags: ['web'] }, actor)
    expect(updated).toMatchObject({ name: 'Checkout', tags: ['web'], updatedAt: clock.now })
    expect(await store.getFlag('checkout')).toEqual(updated)
    await store.archiveFlag('checkout', actor)
    expect(await store.listFlags()).toEqual([])
    await expect(store.createFlag(booleanFlag('checkout'), actor)).rejects.toMatchObject({
      message: 'flag checkout existed and is archived; choose another key',
    })

    const audit = await store.listAudit({ flag: 'checkout', limit: 10 })
    expect(audit.map((e) => [e.action, e.actor, e.environment])).toEqual([
      ['flag.archive', 'ana', null],
      ['flag.update', 'ana', null],
      ['flag.create', 'ana', null],
    ])
    expect(audit[1]?.before).toMatchObject({ name: 'checkout' })
    expect(audit[1]?.after).toMatchObject({ name: 'Checkout' })
    // Each write was a change of both environments: versions 2, 3, 4 after the creation's 1.
    expect(changes.map((c) => [c.environment, c.version, c.events.map((e) => e.event)])).toEqual([
      ['development', 2, ['patch']],
      ['production', 2, ['patch']],
      ['development', 3, ['patch']],
      ['production', 3, ['patch']],
      ['development', 4, ['delete']],
      ['production', 4, ['delete']],
    ])
  })

  it('refuses a config write whose If-Match is not the current version (412), and keeps it', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    const on = await store.updateFlagConfig(
      'checkout',
      'production',
      { enabled: true },
      { actor, ifMatch: 1, comment: 'after the load test' },
    )
    expect(on).toMatchObject({ version: 2, enabled: true, fallthrough: { variation: 1 } })
    const stale = store.updateFlagConfig(
      'checkout',
      'production',
      { enabled: false },
      {
        actor,
        ifMatch: 1,
      },
    )
    await expect(stale).rejects.toBeInstanceOf(StoreError)
    await expect(stale).rejects.toMatchObject({
      kind: 'stale',
      message: 'flag checkout is at version 2 in production',
    })
    expect(await store.getFlagConfig('checkout', 'production')).toEqual(on)
    const [entry] = await store.listAudit({ flag: 'checkout', environment: 'production', limit: 5 })
    expect(entry).toMatchObject({
      action: 'flag.config.update',
      comment: 'after the load test',
      before: { version: 1, enabled: false },
      after: { version: 2, enabled: true },
    })
    await expect(
      store.updateFlagConfig('checkout', 'production', { offVariation: 5 }, { actor }),
    ).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('keeps segments, shows them to clients through client-side flags, and guards their use', async () => {
    const segment = await store.createSegment(
      'production',
      { key: 'beta', name: 'Beta', description: '', included: ['u1'] },
      actor,
    )
    expect(segment).toMatchObject({ key: 'beta', version: 1, included: ['u1'], excluded: [] })
    await store.createFlag({ ...booleanFlag('banner'), clientSide: true }, actor)
    changes = []
    const rules = [
      {
        id: 'r1',
        clauses: [{ attribute: 'key', op: 'segmentMatch' as const, values: ['beta'] }],
        serve: { variation: 1 },
      },
    ]
    await store.updateFlagConfig('banner', 'production', { rules }, { actor })
    // The segment goes to clients first, then the flag that uses it.
    expect(
      changes[0]?.events.map((e) => [e.event, (e.data as { kind: string }).kind, e.client]),
    ).toEqual([
      ['patch', 'segment', true],
      ['patch', 'flag', true],
    ])
    const { client } = await store.payloads(await envId(store))
    expect(Object.keys(client.segments)).toEqual(['beta'])

    await expect(
      store.updateSegment('production', 'beta', { excluded: ['u2'] }, { actor, ifMatch: 7 }),
    ).rejects.toMatchObject({
      kind: 'stale',
      message: 'segment beta is at version 1 in production',
    })
    const updated = await store.updateSegment('production', 'beta', { excluded: ['u2'] }, { actor })
    expect(updated).toMatchObject({ version: 2, included: ['u1'], excluded: ['u2'] })
    await expect(store.deleteSegment('production', 'beta', { actor })).rejects.toMatchObject({
      kind: 'conflict',
      message: 'segment beta is used by banner',
    })
    await store.updateFlagConfig('banner', 'production', { rules: [] }, { actor })
    await store.deleteSegment('production', 'beta', { actor })
    expect(await store.listSegments('production')).toEqual([])
    expect(await store.listSegments('development')).toEqual([])
  })

  it('finds keys by digest until they are revoked, and never revokes the last admin token', async () => {
    const admin = await store.createToken(
      {
        name: 'root',
        type: 'personal',
        scopes: ['admin'],
        owner: null,
        expiresAt: null,
        digest: 'd-admin',
        hint: 'ad…',
      },
      actor,
    )
    const server = await store.createKey(
      { kind: 'server', name: 'api', environment: 'production', digest: 'd-server', hint: 'sv…' },
      actor,
    )
    expect(await store.findKey('d-server')).toEqual({
      id: server.id,
      kind: 'server',
      name: 'api',
      environmentId: await envId(store),
      environment: 'production',
      scopes: null,
      expiresAt: null,
      tokenType: null,
      owner: null,
    })
    expect(await store.findKey('d-admin')).toMatchObject({ kind: 'admin', scopes: ['admin'] })
    expect(await store.countAdminKeys()).toBe(1)
    await expect(store.revokeKey(admin.id, actor)).rejects.toMatchObject({
      kind: 'conflict',
      message: 'the last admin token can not be revoked: no one could sign in',
    })
    clock.now += SECOND
    const revoked = await store.revokeKey(server.id, actor)
    expect(revoked.revokedAt).toBe(clock.now)
    expect(await store.findKey('d-server')).toBeUndefined()
    expect((await store.listKeys('production')).map((k) => [k.name, k.revokedAt])).toEqual([
      ['api', clock.now],
    ])
    await expect(store.revokeKey(server.id, actor)).rejects.toMatchObject({ kind: 'not_found' })
    expect((await store.listAudit({ limit: 3 })).map((e) => e.action)).toEqual([
      'key.revoke',
      'key.create',
      'token.create',
    ])
  })

  it('answers payloads and the changes since a version, and nothing for versions it lacks', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    await store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
    const id = await envId(store)
    const { server } = await store.payloads(id)
    expect(server).toMatchObject({ environment: 'production', version: 3, segments: {} })
    expect(server.flags.checkout).toMatchObject({ version: 2, enabled: true })
    const since = await store.changesSince(id, 1)
    expect(since?.map((c) => [c.version, (c.events[0]?.data as Flag).version])).toEqual([
      [2, 1],
      [3, 2],
    ])
    expect(since?.map((c) => (c.events[0]?.data as { value: Flag }).value.enabled)).toEqual([
      false,
      true,
    ])
    expect(await store.changesSince(id, 3)).toEqual([])
    expect(await store.changesSince(id, 4)).toBeUndefined()
    expect(await store.flagCounts()).toEqual([
      { environment: 'development', flags: 1 },
      { environment: 'production', flags: 1 },
    ])
  })

  it('keeps the newest changes of an environment in its log, trimming exactly those that fall out', async () => {
    const keys = ['checkout', 'a', 'b', 'c']
    for (const key of keys) await store.createFlag(booleanFlag(key), actor)
    const id = await envId(store)
    const [admin] = clients as [pg.Pool]
    // As after a long life: the log is full, from version 1 to the environment's.
    await admin.query(
      `insert into change_log (environment_id, version, events, at)
       select $1, v, '[]', 0 from generate_series(
         (select version + 1 from environments where id = $1), $2::int) v`,
      [id, CHANGE_LOG_KEPT],
    )
    await admin.query('update environments set version = $2 where id = $1', [id, CHANGE_LOG_KEPT])
    const log = async () => {
      const { rows } = await admin.query(
        `select count(*)::int as kept, min(version) as oldest, max(version) as newest,
           (select version from environments where id = $1) as version
         from change_log where environment_id = $1`,
        [id],
      )
      return rows[0] as { kept: number; oldest: number; newest: number; version: number }
    }
    const full = (at: number) => ({
      kept: CHANGE_LOG_KEPT,
      oldest: at - CHANGE_LOG_KEPT + 1,
      newest: at,
      version: at,
    })
    // An edit in one statement, a write of the full kind, and edits that share a statement.
    await store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
    expect(await log()).toEqual(full(CHANGE_LOG_KEPT + 1))
    await store.createFlag(booleanFlag('d'), actor)
    expect(await log()).toEqual(full(CHANGE_LOG_KEPT + 2))
    await Promise.all(
      keys.map((key) => store.updateFlagConfig(key, 'production', { offVariation: 1 }, { actor })),
    )
    expect(await log()).toEqual(full(CHANGE_LOG_KEPT + 2 + keys.length))
    expect(await store.changesSince(id, CHANGE_LOG_KEPT)).toHaveLength(2 + keys.length)
  })

  it('numbers an environment gaplessly under 20 concurrent writers on two connection pools', async () => {
    for (let i = 0; i < 20; i++) await store.createFlag(booleanFlag(`f${i}`), actor)
    const id = await envId(store)
    const start = (await store.environmentVersion(id)) as number
    changes = []
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? store : other).updateFlagConfig(
          `f${i}`,
          'production',
          { enabled: true },
          { actor },
        ),
      ),
    )
    expect(written.every((f) => f.enabled && f.version === 2)).toBe(true)
    const versions = changes.map((c) => c.version).sort((a, b) => a - b)
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i))
    expect(await store.environmentVersion(id)).toBe(start + 20)
    expect((await store.changesSince(id, start))?.map((c) => c.version)).toEqual(versions)
  })

  it('lets 20 writers with the same If-Match race: one wins, the others are stale', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? store : other).updateFlagConfig(
          'checkout',
          'production',
          { offVariation: i % 2 },
          { actor, ifMatch: 1 },
        ),
      ),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const refused = outcomes.filter((o) => o.status === 'rejected')
    expect(refused.map((o) => (o.reason as StoreError).kind)).toEqual(Array(19).fill('stale'))
  })

  it('writes concurrent edits of the same flags from two pools: none lost, each audited and logged once', async () => {
    for (let i = 0; i < 10; i++) await store.createFlag(booleanFlag(`f${i}`), actor)
    const id = await envId(store)
    const start = (await store.environmentVersion(id)) as number
    changes = []
    // Two edits of each flag at once, one through each pool: both read version 1, one of them
    // must find the other's write and be applied after it, not over it.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? store : other).updateFlagConfig(
          `f${i >> 1}`,
          'production',
          i % 2 === 0 ? { enabled: true } : { offVariation: 1 },
          { actor },
        ),
      ),
    )
    for (let i = 0; i < 10; i++) {
      expect(await store.getFlagConfig(`f${i}`, 'production')).toMatchObject({
        version: 3,
        enabled: true,
        offVariation: 1,
      })
    }
    const versions = changes.map((c) => c.version).sort((a, b) => a - b)
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i))
    const logged = (await store.changesSince(id, start)) ?? []
    expect(logged.map((c) => c.version)).toEqual(versions)
    // Each change patches its flag with the config version it wrote: 2, then 3.
    const patched = logged.map((c) => c.events[0]?.data as { key: string; version: number })
    for (let i = 0; i < 10; i++) {
      expect(patched.filter((d) => d.key === `f${i}`).map((d) => d.version)).toEqual([2, 3])
    }
    const audit = await store.listAudit({ environment: 'production', limit: 50 })
    const edits = audit.filter((e) => e.action === 'flag.config.update')
    expect(edits).toHaveLength(20)
    for (const e of edits) {
      expect((e.after as Flag).version).toBe((e.before as Flag).version + 1)
    }
  })

  it('applies an edit decided on a version another process has since written after that write', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    // Both edits read version 1 while the environment's lock is held elsewhere, then wait for it.
    const holder = await (clients[0] as pg.Pool).connect()
    try {
      await holder.query('begin')
      await holder.query('select pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, await envId(store)])
      const edits = Promise.all([
        store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor }),
        other.updateFlagConfig('checkout', 'production', { offVariation: 1 }, { actor }),
      ])
      await waitFor(async () => {
        const { rows } = await holder.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        )
        return rows[0]?.n === 2
      })
      await holder.query('commit')
      await edits
    } finally {
      holder.release()
    }
    expect(await store.getFlagConfig('checkout', 'production')).toMatchObject({
      version: 3,
      enabled: true,
      offVariation: 1,
    })
  })

  it('decides an edit on the config it last wrote, in one statement, and on the database once another process wrote', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    await store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
    const sent = countStatements(store)
    await store.updateFlagConfig('checkout', 'production', { offVariation: 1 }, { actor })
    expect(sent()).toBe(1)
    const targets = [{ variation: 1, values: ['vip'] }]
    await other.updateFlagConfig('checkout', 'production', { targets }, { actor })
    // What `store` remembers is a version old now: its statement writes nothing, and the full
    // write applies the edit over the other process's.
    const flag = await store.updateFlagConfig(
      'checkout',
      'production',
      { enabled: false },
      { actor },
    )
    expect(flag).toMatchObject({ version: 5, enabled: false, offVariation: 1, targets })
    expect(await store.getFlagConfig('checkout', 'production')).toEqual(flag)
    const [last] = await store.listAudit({ flag: 'checkout', environment: 'production', limit: 1 })
    expect(last?.before).toMatchObject({ version: 4, enabled: true, targets })
    expect(last?.after).toEqual(flag)
    // The full write's result is read once, and then remembered again.
    await store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
    const again = countStatements(store)
    await store.updateFlagConfig('checkout', 'production', { offVariation: 0 }, { actor })
    expect(again()).toBe(1)
    expect(await store.getFlagConfig('checkout', 'production')).toMatchObject({
      version: 7,
      enabled: true,
      offVariation: 0,
      targets,
    })
  })

  it('sees a guard that tripped while a re-enabling edit waited for the lock, and starts its new window', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    await store.setGuards('checkout', 'production', [{ ...errorGuard, action: 'notify' }], actor)
    await store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
    await store.updateFlagConfig('checkout', 'production', { enabled: false }, { actor })
    const id = await envId(store)
    const holder = await (clients[0] as pg.Pool).connect()
    try {
      await holder.query('begin')
      await holder.query('select pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, id])
      // The edit's statement has begun (its snapshot taken) and waits for the lock.
      const edit = store.updateFlagConfig('checkout', 'production', { enabled: true }, { actor })
      await waitFor(async () => {
        const { rows } = await holder.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        )
        return rows[0]?.n === 1
      })
      // A guard that only notifies trips without a new config version.
      await holder.query('update guards set tripped_at = $1 where environment_id = $2', [
        clock.now,
        id,
      ])
      await holder.query('commit')
      expect(await edit).toMatchObject({ enabled: true })
    } finally {
      holder.release()
    }
    // Switching it back on after the trip is a new release: the guard starts a new window.
    const [guard] = (await store.getGuards('checkout', 'production'))?.guards ?? []
    expect(guard).toMatchObject({ state: 'waiting', trippedAt: null })
  })

  it('never brings back a flag archived while an edit of it was on its way', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `gone-${round}`
      await store.createFlag(booleanFlag(key), actor)
      const [edit] = await Promise.allSettled([
        other.updateFlagConfig(key, 'production', { enabled: true }, { actor }),
        store.archiveFlag(key, actor),
      ])
      if (edit.status === 'rejected') expect(edit.reason).toMatchObject({ kind: 'not_found' })
      expect(await store.getFlagConfig(key, 'production')).toBeUndefined()
    }
    const id = await envId(store)
    const logged = (await store.changesSince(id, 1)) ?? []
    const versions = logged.map((c) => c.version)
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => 2 + i))
    // Once archived, a flag has no later change.
    for (let round = 0; round < 5; round++) {
      const events = logged.flatMap((c) =>
        c.events.map((e) => [e.event, (e.data as { key: string }).key]),
      )
      const mine = events.filter(([, key]) => key === `gone-${round}`)
      expect(mine.at(-1)?.[0]).toBe('delete')
    }
  })

  it('forgets batch ids after a day and minutes after 30 days, each clean-up from where the last stopped', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    const [admin] = clients as [pg.Pool]
    const minutes = async () =>
      (await admin.query('select count(distinct minute)::int as n from event_minutes')).rows[0].n
    const HOUR = 3600 * SECOND
    const first = batch([10, 10])
    const second = batch([10, 10])
    expect(await record(store, first)).toMatchObject({ duplicate: false })
    clock.now += HOUR
    expect(await record(store, second)).toMatchObject({ duplicate: false })
    expect(await record(store, first)).toMatchObject({ duplicate: true })
    // The first is 24.5 hours old, the second 23.5.
    clock.now += 23.5 * HOUR
    expect(await record(store, first)).toMatchObject({ duplicate: false })
    expect(await record(store, second)).toMatchObject({ duplicate: true })
    clock.now += HOUR
    expect(await record(store, second)).toMatchObject({ duplicate: false })
    expect(await minutes()).toBe(4)
    // Past 30 days, every minute but the newest batch's.
    clock.now += 31 * 24 * HOUR
    await record(store, batch([1, 1]))
    expect(await minutes()).toBe(1)
  })

  it('counts an event batch once by its id, and concurrent batches exactly', async () => {
    await guardedFlag(store)
    const first = batch([10, 10], [1, 1])
    expect((await record(store, first)).duplicate).toBe(false)
    expect((await record(other, first)).duplicate).toBe(true)
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        record(i % 2 === 0 ? store : other, batch([7, 5], [1, 1])),
      ),
    )
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(0)
    const guard = (await store.getGuards('checkout', 'production'))?.guards[0]
    expect(guard?.variations.map((v) => [v.exposures, v.count])).toEqual([
      [10 + 30 * 7, 1 + 30],
      [10 + 30 * 5, 1 + 30],
    ])
  })

  it('trips a guard once however many concurrent batches show the regression', async () => {
    await guardedFlag(store)
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        record(i % 2 === 0 ? store : other, batch([1000, 1000], [10, 200])),
      ),
    )
    const disabled = outcomes.flatMap((o) => o.decisions).filter((d) => d.disabled)
    expect(disabled).toHaveLength(1)
    expect((await store.getFlagConfig('checkout', 'production'))?.enabled).toBe(false)
    const trips = (await store.listAudit({ flag: 'checkout', limit: 50 })).filter(
      (e) => e.action === 'guard.tripped',
    )
    expect(trips.map((e) => e.actor)).toEqual(['guard'])
    expect((await store.getGuards('checkout', 'production'))?.guards[0]?.state).toBe('tripped')
  })

  it('starts a release plan, holds its step, and moves on once its hold is over', async () => {
    await store.createFlag(booleanFlag('checkout'), actor)
    await store.setGuards('checkout', 'production', [errorGuard], actor)
    const plan = releasePlanBody.parse({
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 60 },
        { percent: 100, holdSeconds: 60 },
      ],
      maxExtensionSeconds: 120,
    })
    const { release, events } = await store.startRelease('checkout', 'production', plan, actor)
    expect(release).toMatchObject({ status: 'running', step: 0, control: 0, startedBy: 'ana' })
    expect(events.map((e) => [e.kind, e.percent])).toEqual([['started', 10]])
    await expect(store.startRelease('checkout', 'production', plan, actor)).rejects.toMatchObject({
      kind: 'conflict',
      message: 'checkout already has a release plan under way in production',
    })
    const served = await store.getFlagConfig('checkout', 'production')
    expect(served).toMatchObject({ enabled: true })
    expect(served?.fallthrough).toEqual({
      rollout: {
        variations: [
          { variation: 1, weight: 10_000 },
          { variation: 0, weight: 90_000 },
        ],
      },
    })
    await record(store, batch([900, 100]))
    clock.now += 30 * SECOND
    expect(await store.advanceReleases()).toEqual([])
    clock.now += 31 * SECOND
    // Two processes' timers tick at once: the step is taken once.
    const ticks = await Promise.all([store.advanceReleases(), other.advanceReleases()])
    expect(ticks.flat().map((e) => [e.kind, e.step, e.percent])).toEqual([['step', 1, 100]])
    expect(await store.getRelease('checkout', 'production')).toMatchObject({
      status: 'running',
      step: 1,
    })
    const audit = await store.listAudit({ flag: 'checkout', environment: 'production', limit: 20 })
    expect(
      audit.filter((e) => e.action.startsWith('release.')).map((e) => [e.action, e.actor]),
    ).toEqual([
      ['release.step', 'release-plan'],
      ['release.start', 'ana'],
    ])
    const paused = await store.controlRelease('checkout', 'production', { action: 'pause' }, actor)
    expect(paused.release).toMatchObject({ status: 'paused', reason: 'paused by ana' })
  })
})

describe('the PostgreSQL store beside the SQLite store', () => {
  /** The same writes through a store; what it then answers, the clock's times included. */
  async function scenario(s: Store) {
    for (const key of ['development', 'production']) {
      if ((await s.getEnvironment(key)) === undefined) {
        await s.createEnvironment({ key, name: key }, { name: 'system' })
      }
    }
    await s.createSegment('production', { key: 'beta', name: 'Beta', description: '' }, actor)
    await s.createFlag({ ...booleanFlag('banner'), clientSide: true }, actor)
    await s.createFlag(booleanFlag('checkout'), actor)
    await s.updateFlagConfig(
      'checkout',
      'production',
      { enabled: true, prerequisites: [{ key: 'banner', variation: 1 }] },
      { actor, comment: 'go' },
    )
    await s.updateFlagConfig(
      'banner',
      'production',
      {
        rules: [
          {
            id: 'r',
            clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
            serve: { variation: 1 },
          },
        ],
      },
      { actor },
    )
    const selfRequired = { prerequisites: [{ key: 'checkout', variation: 0 }] }
    const attempts = [
      () => s.archiveFlag('banner', actor),
      () => s.updateFlag('checkout', { variations: [false] }, actor),
      () => s.updateFlagConfig('checkout', 'production', selfRequired, { actor }),
      () => s.updateFlag('banner', { clientSide: false }, actor),
      () => s.updateFlag('checkout', { clientSide: true }, actor),
    ]
    const refused: unknown[] = []
    for (const attempt of attempts) {
      refused.push(
        await attempt().then(
          () => 'ok',
          (e: StoreError) => [e.kind, e.message, e.issues],
        ),
      )
    }
    await s.setGuards('checkout', 'production', [errorGuard], actor)
    await s.disableForAlert('checkout', 'production', actor, { alert: 'HighErrors' })
    const id = await envId(s)
    return {
      refused,
      payloads: await s.payloads(id),
      changes: await s.changesSince(id, 1),
      audit: await s.listAudit({ limit: 50 }),
      flags: await s.listFlags(),
      guards: await s.getGuards('checkout', 'production'),
    }
  }

  /** Event batches, a guard, a release plan and its controls; what the store then answers. */
  async function eventScenario(s: Store) {
    await s.createFlag(booleanFlag('checkout'), actor)
    await s.setGuards('checkout', 'production', [errorGuard], actor)
    const plan = releasePlanBody.parse({
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 60 },
        { percent: 50, holdSeconds: 60, approval: true },
        { percent: 100, holdSeconds: 60 },
      ],
      maxExtensionSeconds: 120,
    })
    const started = await s.startRelease('checkout', 'production', plan, actor)
    const id = await envId(s)
    const outcomes: EventsOutcome[] = []
    const send = async (b: EventBatch, source = '') =>
      outcomes.push(await s.recordEvents(id, b, { clientSideOnly: false, source }))
    await send({ ...batch([900, 100], [9, 1]), id: 'a' })
    await send({ ...batch([900, 100], [9, 1]), id: 'a' })
    await send({ ...batch([450, 50], [5, 0]), id: 'b' }, '10.0.0.1')
    clock.now += 61 * SECOND
    const ticks = [await s.advanceReleases()]
    const approved = await s.controlRelease('checkout', 'production', { action: 'approve' }, actor)
    await send({ ...batch([500, 500], [5, 100]), id: 'c' })
    clock.now += 61 * SECOND
    ticks.push(await s.advanceReleases())
    return {
      started,
      outcomes,
      ticks,
      approved,
      release: await s.getRelease('checkout', 'production'),
      guards: await s.getGuards('checkout', 'production'),
      payloads: await s.payloads(id),
      changes: await s.changesSince(id, 1),
      audit: await s.listAudit({ limit: 50 }),
    }
  }

  it('counts events, trips guards and runs release plans as the SQLite store does', async () => {
    const sqlite = createSqliteStore({ sqlite: openDatabase(':memory:'), now: () => clock.now })
    await sqlite.createEnvironment({ key: 'development', name: 'development' }, { name: 'system' })
    await sqlite.createEnvironment({ key: 'production', name: 'production' }, { name: 'system' })
    const fromSqlite = await eventScenario(sqlite)
    clock.now = 1_800_000_000_000
    const fromPostgres = await eventScenario(store)
    // The scenario did what it is for: a duplicate, a trip, a rollback.
    expect(fromSqlite.outcomes.map((o) => o.duplicate)).toEqual([false, true, false, false])
    expect(fromSqlite.outcomes[3]?.decisions.map((d) => d.disabled)).toEqual([true])
    expect(fromSqlite.release?.status).toBe('rolled-back')
    expect(fromPostgres).toEqual(fromSqlite)
    await sqlite.close()
  })

  it('answers the same writes with the same results, errors, audit entries and changes', async () => {
    await store.updateEnvironment('development', { name: 'development' }, { name: 'system' })
    const sqlite = createSqliteStore({ sqlite: openDatabase(':memory:'), now: () => clock.now })
    await sqlite.createEnvironment({ key: 'development', name: 'development' }, { name: 'system' })
    await sqlite.createEnvironment({ key: 'production', name: 'production' }, { name: 'system' })
    await sqlite.updateEnvironment('development', { name: 'development' }, { name: 'system' })
    const fromSqlite = await scenario(sqlite)
    const fromPostgres = await scenario(store)
    expect(fromSqlite.refused.map((r) => (r === 'ok' ? r : (r as string[])[0]))).toEqual([
      'conflict',
      'invalid',
      'invalid',
      'ok',
      'invalid',
    ])
    expect(fromPostgres).toEqual(fromSqlite)
    await sqlite.close()
  })
})
