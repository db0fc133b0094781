/**
 * Opens the PostgreSQL database (`ANDON_DATABASE_URL`) with node-postgres: a pool of
 * connections for reads and writes, and drizzle over it. Migrations, and whatever else a first
 * start does (seeding), run under a session advisory lock, so that processes started together
 * migrate and seed once.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { migrationsFolder } from '../../db/open-database.js'
import { schema, type PgDb } from './context.js'

export interface PostgresOptions {
  url: string
  /** Connections in the pool (`ANDON_DATABASE_POOL`); 10 by default. */
  max?: number
  /** Session settings for every connection (tests turn `synchronous_commit` off). */
  connection?: Record<string, string>
}

export interface PostgresDatabase {
  db: PgDb
  pool: pg.Pool
  /** A client of its own, outside the pool, with the same settings (LISTEN needs one). */
  client(): pg.Client
  /** Applies the migrations not yet applied, one process at a time. */
  migrate(): Promise<void>
  /** Runs `fn` while no other process of this database runs its own (first-start seeding). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The lock key processes hold while they migrate and seed. */
const STARTUP_LOCK = 0x616e6400

/** `drizzle/postgres`, beside the SQLite migrations. */
export function postgresMigrationsFolder(): string {
  const folder = join(migrationsFolder(), 'postgres')
  if (!existsSync(join(folder, 'meta', '_journal.json'))) {
    throw new Error('the PostgreSQL migrations folder was not found')
  }
  return folder
}

/** `-c name=value` for each setting: how libpq passes session settings at connect. */
const sessionOptions = (settings: Record<string, string> = {}) =>
  Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ') || undefined

export function openPostgres(options: PostgresOptions): PostgresDatabase {
  const config = {
    connectionString: options.url,
    options: sessionOptions(options.connection),
    // A database that does not answer is away: say so (503) rather than wait without end.
    connectionTimeoutMillis: 5000,
  }
  const pool = new pg.Pool({ ...config, max: options.max ?? 10 })
  // An idle connection that breaks (the database restarting) is dropped from the pool; without
  // a listener the error would end the process.
  pool.on('error', (error) =>
    console.error(`andon: a PostgreSQL connection broke: ${error.message}`),
  )
  // One that breaks while in use (a transaction's) fails its queries, which the write hears of;
  // the client emits the error too, which without a listener would end the process. The pool
  // drops a client that is no longer queryable when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = drizzle(pool, { schema })
  const client = () => {
    const c = new pg.Client(config)
    c.on('error', () => {}) // its owner hears of it through 'end'
    return c
  }

  /**
   * Runs `fn` while a connection of its own holds the start-up lock: not one of the pool's,
   * which `fn` may need all of (drizzle's migrator opens a transaction on the pool).
   */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const lock = client()
    await lock.connect()
    try {
      await lock.query('select pg_advisory_lock($1)', [STARTUP_LOCK])
      return await fn()
    } finally {
      // Ending the session releases its lock, also when no unlock is sent.
      await lock.end().catch(() => {})
    }
  }

  return {
    db,
    pool,
    client,
    exclusive,
    migrate: () => exclusive(() => migrate(db, { migrationsFolder: postgresMigrationsFolder() })),
    close: () => pool.end(),
  }
}
