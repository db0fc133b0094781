import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../store/sqlite/sqlite-store.js'
import { migrationsFolder, openDatabase } from './open-database.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A database as a server of the first `count` migrations left it. */
function databaseOfMigrations(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'andon-migrations-'))
  dirs.push(dir)
  const folder = join(dir, 'drizzle')
  cpSync(migrationsFolder(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
  journal.entries = journal.entries.slice(0, count)
  writeFileSync(journalFile, JSON.stringify(journal))
  const file = join(dir, 'andon.db')
  const sqlite = new Database(file)
  migrate(drizzle(sqlite), { migrationsFolder: folder })
  sqlite.exec(`
    insert into environments (key, name, version, created_at) values
      ('development', 'development', 3, 1), ('production', 'production', 3, 1);
    insert into change_log (environment_id, version, server_frames, client_frames, at) values
      (2, 2, 'event: patch\nid: 2\ndata: {}\n\n', '', 1),
      (2, 3, 'event: patch\nid: 3\ndata: {}\n\n', '', 1);
  `)
  sqlite.close()
  return file
}

describe('migrating a database of an earlier version', () => {
  it('marks production critical, keeps comments from then on, and logs events, not frames', async () => {
    const sqlite = openDatabase(databaseOfMigrations(4))
    const store = createSqliteStore({ sqlite })
    expect((await store.listEnvironments()).map((e) => [e.key, e.critical])).toEqual([
      ['development', false],
      ['production', true],
    ])
    // The old log held frames, not events: it is gone, so a resume from before gets a `put`.
    expect(await store.changesSince(2, 1)).toBeUndefined()
    expect(await store.changesSince(2, 3)).toEqual([])
    const columns = sqlite
      .prepare("select name from pragma_table_info('change_log')")
      .all()
      .map((r) => (r as { name: string }).name)
    expect(columns).toEqual(['environment_id', 'version', 'at', 'events'])
    await store.close()
  })
})
