/**
 * `npm run migrate:postgres` moves a used SQLite database to an empty PostgreSQL one: every row
 * copied and verified, the server started on PostgreSQL serves the same payloads, audit and
 * guards as before, and new writes get new ids. A database that holds data is refused.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../server/src/testing/postgres.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { repoRoot } from '../support/repo-root.js'

const migrateEntry = join(repoRoot, 'server/dist/server/src/migrate-to-postgres.js')
const dataDir = mkdtempSync(join(tmpdir(), 'andon-migrate-'))
let database: TestDatabase | undefined
const running: AndonServer[] = []
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()))
  await database?.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function migrate(url: string) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [migrateEntry], {
      cwd: repoRoot,
      env: { ...process.env, ANDON_DATA_DIR: dataDir, ANDON_DATABASE_URL: url },
    })
    return { code: 0, output: stdout }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

async function snapshot(server: AndonServer, sdkKey: string) {
  const payload = (await (
    await fetch(`${server.url}/sdk/v1/flags`, { headers: { Authorization: `Bearer ${sdkKey}` } })
  ).json()) as unknown
  return {
    payload,
    flags: await server.admin('GET', '/api/v1/flags'),
    segments: await server.admin('GET', '/api/v1/environments/production/segments'),
    audit: await server.admin('GET', '/api/v1/audit?limit=100'),
    guards: await server.admin('GET', '/api/v1/flags/checkout/environments/production/guards'),
  }
}

describe('moving a SQLite database to PostgreSQL', { timeout: 120_000 }, () => {
  it('copies and verifies every row; the server on PostgreSQL answers as before', async () => {
    const lite = await startAndonServer({ dataDir })
    running.push(lite)
    const secrets = lite.secrets
    const sdkKey = secrets.keys['production server'] as string
    await lite.admin('POST', '/api/v1/environments/production/segments', {
      key: 'beta',
      included: ['ada'],
    })
    for (const key of ['checkout', 'search', 'banner']) {
      await lite.admin('POST', '/api/v1/flags', { key, clientSide: key === 'banner' })
    }
    await lite.admin('PATCH', '/api/v1/flags/checkout/environments/production', {
      enabled: true,
      rules: [
        {
          clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
          serve: { variation: 1 },
        },
      ],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 90_000 },
            { variation: 1, weight: 10_000 },
          ],
        },
      },
    })
    await lite.admin('PUT', '/api/v1/flags/checkout/environments/production/guards', [
      {
        metric: 'errors',
        kind: 'rate',
        worseWhen: 'higher',
        threshold: 0.01,
        minSamples: 100,
        action: 'disable',
      },
    ])
    const now = Date.now()
    const sent = await fetch(`${lite.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sdkKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: 'batch-before-the-move',
        startedAt: now - 1000,
        endedAt: now,
        exposures: [
          { flag: 'checkout', variation: 0, count: 90 },
          { flag: 'checkout', variation: 1, count: 10 },
        ],
        metrics: [
          { metric: 'errors', flag: 'checkout', variation: 0, count: 1, sum: 1, sumSquares: 1 },
        ],
        dropped: 0,
      }),
    })
    expect(sent.status).toBe(202)
    const before = await snapshot(lite, sdkKey)
    await lite.stop('SIGTERM')

    database = await freshDatabase('andon_migrate')
    const first = await migrate(database.url)
    expect(first.output).toMatch(/every row copied and verified \(\d+ rows in \d+ tables\)/)
    expect(first.code).toBe(0)
    expect(first.output).toMatch(/^flags\s+3\s+3$/m)
    expect(first.output).toMatch(/^event_batches\s+1\s+1$/m)

    const again = await migrate(database.url)
    expect(again.code).toBe(1)
    expect(again.output).toMatch(/already holds data/)

    const pg = await startAndonServer({ env: { ANDON_DATABASE_URL: database.url }, secrets })
    running.push(pg)
    expect(await snapshot(pg, sdkKey)).toEqual(before)
    // New rows continue the copied ids and versions.
    await pg.admin('POST', '/api/v1/flags', { key: 'after-the-move' })
    const audit = await pg.admin<{ entries: { id: number }[] }>('GET', '/api/v1/audit?limit=1')
    const copiedIds = (before.audit as { entries: { id: number }[] }).entries.map((e) => e.id)
    expect(audit.entries[0]?.id).toBe(Math.max(...copiedIds) + 1)
  })
})
