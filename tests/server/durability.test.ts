/**
 * kill -9 during writes: every write the API acknowledged is on disk after a restart, and the
 * database passes `PRAGMA integrity_check`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

const dir = mkdtempSync(join(tmpdir(), 'andon-durability-'))
const running: AndonServer[] = []
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()))
  rmSync(dir, { recursive: true, force: true })
})

/** Writes as fast as it can from a few workers until the server dies; returns what was acked. */
async function writeUntilKilled(server: AndonServer, round: number, killAfterMs: number) {
  const created: string[] = []
  const toggles = new Map<string, number>()
  let alive = true
  const worker = async (w: number) => {
    for (let i = 0; alive; i++) {
      const key = `r${round}-w${w}-f${i}`
      try {
        const res = await server.call('POST', '/api/v1/flags', { key })
        if (res.status !== 201) throw new Error(`create answered ${res.status}`)
        created.push(key)
        const patch = await server.call('PATCH', `/api/v1/flags/${key}/environments/production`, {
          enabled: true,
        })
        if (patch.status === 200) toggles.set(key, patch.json.version)
      } catch (e) {
        if (!alive) return
        throw e
      }
    }
  }
  const workers = [0, 1, 2, 3].map((w) => worker(w))
  await new Promise((resolve) => setTimeout(resolve, killAfterMs))
  alive = false
  await server.stop('SIGKILL')
  await Promise.all(workers)
  return { created, toggles }
}

describe('a server killed with SIGKILL while writing', { timeout: 180_000 }, () => {
  it('keeps every acknowledged write and an intact database, three times over', async () => {
    let secrets
    const allCreated: string[] = []
    const allToggles = new Map<string, number>()
    for (const [round, killAfterMs] of [700, 350, 1100].entries()) {
      const server = await startAndonServer({ dataDir: dir, secrets })
      running.push(server)
      secrets = server.secrets
      const { created, toggles } = await writeUntilKilled(server, round, killAfterMs)
      expect(created.length).toBeGreaterThan(0)
      allCreated.push(...created)
      for (const [k, v] of toggles) allToggles.set(k, v)

      const db = new Database(join(dir, 'andon.db'))
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    }
    const server = await startAndonServer({ dataDir: dir, secrets })
    running.push(server)
    const listed = await server.call('GET', '/api/v1/flags')
    const keys = new Set(listed.json.flags.map((f: { key: string }) => f.key))
    expect(allCreated.filter((k) => !keys.has(k))).toEqual([])
    for (const [key, version] of allToggles) {
      const cfg = await server.call('GET', `/api/v1/flags/${key}/environments/production`)
      expect(cfg.json.version).toBeGreaterThanOrEqual(version)
      expect(cfg.json.enabled).toBe(true)
    }
    // The payload version counts every committed change, so it is past every acked one.
    const payload = await fetch(`${server.url}/sdk/v1/flags`, {
      headers: { Authorization: `Bearer ${server.secrets.keys['production server']}` },
    })
    expect((await payload.json()).version).toBeGreaterThanOrEqual(allCreated.length)
  })
})
