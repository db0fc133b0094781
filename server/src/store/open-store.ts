/**
 * Opens the store the settings name: PostgreSQL when `ANDON_DATABASE_URL` is set, else the
 * SQLite file of `ANDON_DATA_DIR`. With PostgreSQL, every process follows the changes any
 * process commits (LISTEN/NOTIFY) and hands them to `publish`, its own streams' broker.
 */
import type { Change, Store } from './store.js'
import { openDatabase } from '../db/open-database.js'
import { createSqliteStore } from './sqlite/sqlite-store.js'
import { openPostgres } from './postgres/connection.js'
import { createPostgresStore } from './postgres/postgres-store.js'
import { followChanges, type Follower } from './postgres/follower.js'
import { resilientStore } from './postgres/resilient-store.js'
import { createRememberedConfigs } from './postgres/remembered-configs.js'

export interface StoreSettings {
  databaseFile: string
  databaseUrl?: string | undefined
  databasePool?: number
  /** PostgreSQL only: session settings of every connection (tests need no durability). */
  databaseSession?: Record<string, string>
}

export interface OpenStoreOptions {
  /** Receives every committed change, in version order per environment. */
  publish: (changes: Change[]) => void
  /** Milliseconds since the epoch; tests hand in a fixed clock. */
  now?: () => number
}

export interface OpenedStore {
  store: Store
  /** Where the data is, for the start-up line. */
  where: string
  /** Runs `fn` while no other process of the same database does (first-start seeding). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  /** PostgreSQL: resolves once every change announced so far reached `publish` (tests). */
  settled(): Promise<void>
  close(): Promise<void>
}

export async function openStore(
  settings: StoreSettings,
  options: OpenStoreOptions,
): Promise<OpenedStore> {
  if (settings.databaseUrl === undefined) {
    const sqlite = openDatabase(settings.databaseFile)
    const store = createSqliteStore({ sqlite, now: options.now, onCommit: options.publish })
    return {
      store,
      where: settings.databaseFile,
      exclusive: (fn) => fn(),
      settled: async () => {},
      close: () => store.close(),
    }
  }
  const pg = openPostgres({
    url: settings.databaseUrl,
    max: settings.databasePool,
    connection: settings.databaseSession,
  })
  await pg.migrate()
  // The store and the follower need each other: the store's commits go to the follower,
  // which starts once the store exists.
  const follower: { current?: Follower } = {}
  // What this process wrote last, kept fresh by every change it follows.
  const remembered = createRememberedConfigs()
  const core = createPostgresStore({
    db: pg.db,
    now: options.now,
    onCommit: (changes) => follower.current?.committed(changes),
    remembered,
  })
  const store = resilientStore(core, pg.pool, (id) => follower.current?.known(id))
  const following = await followChanges({
    connect: pg.client,
    db: pg.db,
    publish: (changes) => {
      remembered.outdatedBy(changes)
      options.publish(changes)
    },
    onHeldChanged: () => store.forgetHeld(),
  })
  follower.current = following
  return {
    store,
    where: redacted(settings.databaseUrl),
    exclusive: (fn) => pg.exclusive(fn),
    settled: () => following.settled(),
    async close() {
      await following.close()
      await pg.close()
    },
  }
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  const parsed = new URL(url)
  if (parsed.password !== '') parsed.password = '***'
  return parsed.toString()
}
