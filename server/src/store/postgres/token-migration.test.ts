/**
 * A PostgreSQL database of the time before scopes: its admin tokens keep doing everything,
 * and the audit entries they wrote are the tokens', those of the guard the server's.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../testing/postgres.js'
import { postgresMigrationsFolder } from './connection.js'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** The migrations folder as it was with its first `count` migrations. */
function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'andon-pg-scopes-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  cpSync(postgresMigrationsFolder(), dir, { recursive: true })
  const journalFile = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
  journal.entries = journal.entries.slice(0, count)
  writeFileSync(journalFile, JSON.stringify(journal))
  return dir
}

describe('migrating PostgreSQL to tokens with scopes', () => {
  it('gives existing admin tokens scope admin and SDK keys none, and kinds to old actors', async () => {
    const database: TestDatabase = await freshDatabase('andon_scopes')
    cleanups.push(() => database.drop())
    const client = new pg.Client(database.url)
    await client.connect()
    cleanups.unshift(() => client.end())
    const db = drizzle(client)
    await migrate(db, { migrationsFolder: migrationsUpTo(2) })
    await client.query(`
      insert into environments (key, name, version, created_at) values ('production', 'production', 1, 1);
      insert into api_keys (kind, name, environment_id, digest, hint, created_at) values
        ('admin', 'admin', null, 'd-admin', 'adm_…', 1),
        ('server', 'api', 1, 'd-server', 'srv_…', 1);
      insert into audit_log (at, actor, action, target_kind, target_key) values
        (2, 'admin', 'flag.create', 'flag', 'a'),
        (3, 'guard', 'guard.tripped', 'flag', 'a');
    `)
    await migrate(db, { migrationsFolder: postgresMigrationsFolder() })
    const keys = await client.query('select name, scopes, token_type from api_keys order by id')
    expect(keys.rows).toEqual([
      { name: 'admin', scopes: '["admin"]', token_type: 'personal' },
      { name: 'api', scopes: null, token_type: null },
    ])
    const audit = await client.query(
      'select actor, actor_kind, actor_id from audit_log order by id',
    )
    expect(audit.rows).toEqual([
      { actor: 'admin', actor_kind: 'token', actor_id: null },
      { actor: 'guard', actor_kind: 'system', actor_id: null },
    ])
  })
})
