/**
 * A server for tests: the app on a fresh database, a clock the test moves, the seeded admin
 * token and keys, `call()` for JSON requests through `app.request()`, and a fake webhook that
 * keeps what it was sent (or the sender the test hands in).
 *
 * The database is an in-memory SQLite one, or with `ANDON_TEST_STORE=postgres` (the vitest
 * project `postgres`) a schema of its own in PostgreSQL: the same tests then check the same
 * behaviour of both stores. A PostgreSQL harness is closed after its test (or its file, when
 * made outside one): see open-harnesses.ts.
 */
import type { WebhookPayload, WebhookSender } from '../guard/webhook.js'
import { createApp } from '../app.js'
import type { AppEnv } from '../http/app-env.js'
import type Database from 'better-sqlite3'
import pg from 'pg'
import { openDatabase } from '../db/open-database.js'
import { seedIfEmpty } from '../seed.js'
import { createSqliteStore } from '../store/sqlite/sqlite-store.js'
import { openStore } from '../store/open-store.js'
import type { Change, Store } from '../store/store.js'
import { createMemoryBroker } from '../stream/memory-broker.js'
import { trackHarness } from './open-harnesses.js'
import { freshDatabase, type TestDatabase } from './postgres.js'

export interface CallOptions {
  body?: unknown
  token?: string | null
  headers?: Record<string, string>
  /** The client's network address, as a socket would give it (by default none: 'local'). */
  source?: string
}

export interface HarnessOptions {
  heartbeatMs?: number
  /** Connections the broker writes per event-loop turn; small, to make a fan-out span turns. */
  chunkSize?: number
  uiDir?: string | null
  webhook?: WebhookSender
  /** By default `ANDON_TEST_STORE`, else SQLite. */
  store?: 'sqlite' | 'postgres'
}

export type StoreKind = 'sqlite' | 'postgres'

export const testStoreKind = (): StoreKind =>
  process.env.ANDON_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

interface TestStore {
  store: Store
  /** SQLite only: the database, for the tests that look beneath the store. */
  sqlite: Database.Database | undefined
  /** Resolves once every committed change reached the broker (PostgreSQL follows NOTIFY). */
  settled(): Promise<void>
  /** Raw SQL on the harness's own database, for tests that look beneath the store. */
  query(text: string): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

/** int8 (counts, times in ms) as JS numbers, as SQLite and the stores read them. */
const INT8 = 20
const numbers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? Number
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/**
 * PostgreSQL databases of this test file, emptied for reuse: making one (a copy of a migrated
 * template) takes about half a second, emptying one a few milliseconds.
 */
const idle: TestDatabase[] = []

async function takeDatabase(): Promise<TestDatabase> {
  return idle.pop() ?? (await freshDatabase('andon_h', true))
}

async function giveBack(database: TestDatabase, raw: pg.Client): Promise<void> {
  const tables = await raw.query<{ name: string }>(
    "select quote_ident(tablename) as name from pg_tables where schemaname = 'public'",
  )
  const names = tables.rows.map((t) => t.name).join(', ')
  await raw.query(`truncate ${names} restart identity cascade`)
  idle.push(database)
}

async function testStore(
  kind: StoreKind,
  now: () => number,
  publish: (changes: Change[]) => void,
): Promise<TestStore> {
  if (kind === 'sqlite') {
    const sqlite = openDatabase(':memory:')
    const store = createSqliteStore({ sqlite, now, onCommit: publish })
    return {
      store,
      sqlite,
      settled: async () => {},
      query: async (text) => {
        const statement = sqlite.prepare(text)
        if (statement.reader) return statement.all() as Record<string, unknown>[]
        statement.run()
        return []
      },
      close: () => store.close(),
    }
  }
  const database = await takeDatabase()
  const opened = await openStore(
    {
      databaseFile: '',
      databaseUrl: database.url,
      databasePool: 3,
      // A test's database dies with it: commits need not wait for the disk.
      databaseSession: { synchronous_commit: 'off' },
    },
    { publish, now },
  )
  const raw = new pg.Client({ connectionString: database.url, types: numbers })
  await raw.connect()
  const entry: TestStore = {
    store: opened.store,
    sqlite: undefined,
    settled: () => opened.settled(),
    query: async (text) => (await raw.query<Record<string, unknown>>(text)).rows,
    async close() {
      await opened.close()
      await giveBack(database, raw)
      await raw.end()
    },
  }
  // Made inside a test (or its beforeEach), it ends with the test; else with the file.
  // (vitest is imported here only: benchmarks use SQLite harnesses outside of it.)
  const { expect } = await import('vitest')
  trackHarness(entry, expect.getState().currentTestName === undefined ? 'file' : 'test')
  return entry
}

export async function createHarness(options: HarnessOptions = {}) {
  const broker = createMemoryBroker({
    heartbeatMs: options.heartbeatMs,
    chunkSize: options.chunkSize,
  })
  const clock = { now: 1_800_000_000_000 }
  const kind = options.store ?? testStoreKind()
  const { store, sqlite, settled, query } = await testStore(
    kind,
    () => clock.now,
    (changes) => broker.publish(changes),
  )
  const seeded = await seedIfEmpty(store, undefined)
  if (seeded === undefined) throw new Error('a fresh database is seeded')
  const errors: unknown[] = []
  const webhooks: WebhookPayload[] = []
  const app = createApp({
    store,
    broker,
    clock: () => clock.now,
    uiDir: options.uiDir ?? null,
    logError: (e) => errors.push(e),
    webhook:
      options.webhook ??
      (async (payload) => {
        webhooks.push(payload)
      }),
  })
  const key = (environment: string, kind: 'server' | 'client') =>
    seeded.keys.find((k) => k.environment === environment && k.kind === kind)?.secret as string

  async function call(method: string, path: string, o: CallOptions = {}) {
    const token = o.token === undefined ? seeded?.adminToken : o.token
    const headers: Record<string, string> = { ...o.headers }
    if (token !== null && token !== undefined) headers.Authorization = `Bearer ${token}`
    if (o.body !== undefined) headers['Content-Type'] = 'application/json'
    const env =
      o.source === undefined ? undefined : { incoming: { socket: { remoteAddress: o.source } } }
    const res = await app.request(
      path,
      { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) },
      env as AppEnv['Bindings'] | undefined,
    )
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON: tests read `text`
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, text, json: json as any }
  }

  return {
    app,
    store,
    kind,
    settled,
    query,
    broker,
    clock,
    /** SQLite only (undefined with PostgreSQL); `query` works on both. */
    sqlite: sqlite as Database.Database,
    admin: seeded.adminToken,
    key,
    call,
    errors,
    webhooks,
  }
}

export type Harness = Awaited<ReturnType<typeof createHarness>>
