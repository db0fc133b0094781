/**
 * Opens the SQLite database with the settings durability needs (WAL, synchronous=FULL, so an
 * acknowledged write survives kill -9 and power loss) and applies the drizzle migrations.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'

/**
 * The committed `drizzle/` folder, found upwards from this file: the same code runs from
 * `server/src` (tests) and from `server/dist/server/src` (built), at different depths.
 */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'drizzle')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('the drizzle migrations folder was not found')
    dir = parent
  }
}

/** Opens (creating if needed) and migrates a database; `:memory:` gives a private one. */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder() })
  return sqlite
}
