/**
 * `npm run migrate:postgres`: copies the SQLite database of `ANDON_DATA_DIR` into the empty
 * PostgreSQL database of `ANDON_DATABASE_URL`, then verifies every row. Stop the server first
 * (a copy is of one moment); start it again with `ANDON_DATABASE_URL` set.
 */
import { existsSync } from 'node:fs'
import { loadConfig } from './config.js'
import { openDatabase } from './db/open-database.js'
import { openPostgres } from './store/postgres/connection.js'
import { assertEmpty, copyTables } from './store/postgres/copy-from-sqlite.js'

const config = loadConfig()
if (config.databaseUrl === undefined) {
  console.error('andon: set ANDON_DATABASE_URL to the PostgreSQL database to copy into')
  process.exit(2)
}
if (!existsSync(config.databaseFile)) {
  console.error(`andon: there is no SQLite database at ${config.databaseFile} (ANDON_DATA_DIR)`)
  process.exit(2)
}

// Migrating brings an older SQLite file to the schema the copy expects.
const sqlite = openDatabase(config.databaseFile)
const pg = openPostgres({ url: config.databaseUrl, max: 2 })
let failed = false
try {
  await pg.migrate()
  await assertEmpty(pg.pool)
  const tables = await copyTables(sqlite, pg.pool)
  const width = Math.max(...tables.map((t) => t.table.length))
  console.log(`${'table'.padEnd(width)}  copied  verified`)
  for (const t of tables) {
    console.log(
      `${t.table.padEnd(width)}  ${String(t.copied).padStart(6)}  ${String(t.verified).padStart(8)}`,
    )
  }
  const rows = tables.reduce((sum, t) => sum + t.verified, 0)
  console.log(`\nevery row copied and verified (${rows} rows in ${tables.length} tables)`)
} catch (error) {
  failed = true
  console.error(`andon: the copy failed: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  sqlite.close()
  await pg.close()
}
process.exit(failed ? 1 : 0)
