/**
 * A fresh PostgreSQL database per test file, on the server the project's machines run
 * (`ANDON_TEST_DATABASE_URL`, by default the local `test` database with trust authentication).
 * No test skips when PostgreSQL is away: the first query fails, and so does the test.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { postgresMigrationsFolder } from '../store/postgres/connection.js'
import { openPostgres } from '../store/postgres/connection.js'

/** As the machine's own user (trust authentication), which node-postgres does not assume. */
export const TEST_DATABASE_URL =
  process.env.ANDON_TEST_DATABASE_URL ??
  `postgres://${encodeURIComponent(userInfo().username)}@127.0.0.1:5432/test`

export interface TestDatabase {
  /** The new database's URL. */
  url: string
  name: string
  drop(): Promise<void>
}

/** The URL of another database on the same server. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * A migrated database to copy, named after the migrations' content, made once for all test
 * processes (under an advisory lock): `create database … template` copies it in milliseconds.
 */
async function migratedTemplate(admin: pg.Client): Promise<string> {
  const folder = postgresMigrationsFolder()
  const hash = createHash('sha256')
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(readFileSync(join(folder, file)))
  }
  const name = `andon_template_${hash.digest('hex').slice(0, 12)}`
  await admin.query('select pg_advisory_lock($1)', [0x616e6401])
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (exists.rows.length === 0) {
      await admin.query(`create database "${name}_new"`)
      const pg = openPostgres({ url: databaseUrl(TEST_DATABASE_URL, `${name}_new`), max: 1 })
      try {
        await pg.migrate()
      } finally {
        await pg.close()
      }
      await admin.query(`alter database "${name}_new" rename to "${name}"`)
      // Templates of earlier migrations are no use any more.
      const old = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'andon_template_%' and datname <> $1",
        [name],
      )
      for (const { datname } of old.rows) {
        await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {})
      }
    }
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [0x616e6401])
  }
  return name
}

/** Whether a process of this machine is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

let swept = false

/**
 * Drops the test databases of processes that are gone (a run that was killed, or ended before
 * its clean-up finished), once per process: CI runs on the same machine every time.
 */
async function sweepOrphans(admin: pg.Client): Promise<void> {
  if (swept) return
  swept = true
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname ~ '^andon_[a-z_]+_[0-9]+_[0-9a-f]{8}$'",
  )
  for (const { datname } of rows) {
    const pid = Number(/_(\d+)_[0-9a-f]{8}$/.exec(datname)?.[1])
    if (!alive(pid)) {
      await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {})
    }
  }
}

/** A new database; `migrated` copies it from the migrated template instead of leaving it empty. */
export async function freshDatabase(prefix = 'andon_t', migrated = false): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client(TEST_DATABASE_URL)
  await admin.connect()
  try {
    await sweepOrphans(admin)
    const template = migrated ? ` template "${await migratedTemplate(admin)}"` : ''
    await admin.query(`create database "${name}"${template}`)
  } finally {
    await admin.end()
  }
  return {
    url: databaseUrl(TEST_DATABASE_URL, name),
    name,
    async drop() {
      const admin = new pg.Client(TEST_DATABASE_URL)
      await admin.connect()
      try {
        await admin.query(`drop database if exists "${name}" with (force)`)
      } finally {
        await admin.end()
      }
    },
  }
}
