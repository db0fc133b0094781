/**
 * A database of the time before scopes: its admin tokens keep doing everything, and the audit
 * entries they wrote are the tokens', those of the guard the server's.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, describe, expect, it } from 'vitest'
import { migrationsFolder, openDatabase } from '../../db/open-database.js'
import { createSqliteStore } from './sqlite-store.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A database as the first nine migrations (before tokens had scopes) left it, with data. */
function databaseBeforeScopes(): string {
  const dir = mkdtempSync(join(tmpdir(), 'andon-scopes-'))
  dirs.push(dir)
  const folder = join(dir, 'drizzle')
  cpSync(migrationsFolder(), folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
  journal.entries = journal.entries.slice(0, 9)
  writeFileSync(journalFile, JSON.stringify(journal))
  const file = join(dir, 'andon.db')
  const sqlite = new Database(file)
  migrate(drizzle(sqlite), { migrationsFolder: folder })
  sqlite.exec(`
    insert into environments (key, name, version, created_at) values ('production', 'production', 1, 1);
    insert into api_keys (kind, name, environment_id, digest, hint, created_at) values
      ('admin', 'admin', null, 'd-admin', 'adm_…', 1),
      ('server', 'api', 1, 'd-server', 'srv_…', 1);
    insert into audit_log (at, actor, action, target_kind, target_key) values
      (2, 'admin', 'flag.create', 'flag', 'a'),
      (3, 'guard', 'guard.tripped', 'flag', 'a');
  `)
  sqlite.close()
  return file
}

describe('migrating to tokens with scopes', () => {
  it('gives existing admin tokens scope admin and SDK keys none, and kinds to old actors', async () => {
    const store = createSqliteStore({ sqlite: openDatabase(databaseBeforeScopes()) })
    expect(await store.findKey('d-admin')).toMatchObject({
      kind: 'admin',
      scopes: ['admin'],
      tokenType: 'personal',
      expiresAt: null,
    })
    expect(await store.findKey('d-server')).toMatchObject({ kind: 'server', scopes: null })
    expect((await store.listTokens()).map((t) => [t.name, t.scopes])).toEqual([
      ['admin', ['admin']],
    ])
    const audit = await store.listAudit({ limit: 10 })
    expect(audit.map((e) => [e.actor, e.actorKind, e.actorId])).toEqual([
      ['guard', 'system', null],
      ['admin', 'token', null],
    ])
    await store.close()
  })
})
