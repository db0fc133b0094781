/**
 * PostgreSQL stops and comes back, and later restarts (`pg_ctlcluster … restart`), while two
 * server processes take writes and event batches.
 * While it is away: SDK reads and open streams go on from memory, writes and event batches
 * answer 503 with `Retry-After`, `/healthz` says what is wrong. When it is back: every write
 * and every batch answered 2xx is there, counted once, and both processes stream again.
 *
 * It stops the machine's PostgreSQL, so it runs alone, after the other tests
 * (`vitest.config.ts` here; `npm test` runs it last).
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../server/src/testing/postgres.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { openStream, type RawStream } from '../server/raw-sse.js'
import { pgQuery } from '../support/pg-query.js'

const CLUSTER = ['15', 'main']
const pgctl = (action: string) =>
  execFileSync('pg_ctlcluster', [...CLUSTER, action], { stdio: 'pipe', timeout: 60_000 })

let database: TestDatabase
const running: AndonServer[] = []
const streams: RawStream[] = []

beforeAll(async () => {
  database = await freshDatabase('andon_restart')
})
afterAll(async () => {
  // Started again whatever the test did (`start` fails when it runs already: that is fine).
  try {
    pgctl('start')
  } catch {
    // running
  }
  for (const s of streams) s.close()
  await Promise.all(running.map((s) => s.stop()))
  await database?.drop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function batch(id: string) {
  const now = Date.now()
  return {
    id,
    startedAt: now - 1000,
    endedAt: now,
    exposures: [
      { flag: 'checkout', variation: 0, count: 10 },
      { flag: 'checkout', variation: 1, count: 5 },
    ],
    metrics: [],
    dropped: 0,
  }
}

describe('PostgreSQL away and back', { timeout: 180_000 }, () => {
  it('serves from memory meanwhile, refuses writes with 503, and loses nothing', async () => {
    const env = { ANDON_DATABASE_URL: database.url, ANDON_DATABASE_POOL: '4' }
    const a = await startAndonServer({ env })
    const b = await startAndonServer({ env, secrets: a.secrets })
    running.push(a, b)
    try {
      await awayAndBack(a, b)
    } catch (error) {
      // What the servers printed tells why, when one of them is the cause.
      const printed = [a, b].map((s, i) => `--- server ${i}:\n${s.output().slice(-4000)}`)
      throw new Error(`${String(error)}\n${printed.join('\n')}`, { cause: error })
    }
  })
})

async function awayAndBack(a: AndonServer, b: AndonServer) {
  const serverKey = a.secrets.keys['production server'] as string
  await a.admin('POST', '/api/v1/flags', { key: 'checkout', variations: [false, true] })
  await a.admin('PATCH', '/api/v1/flags/checkout/environments/production', {
    enabled: true,
    fallthrough: { variation: 1 },
  })
  for (const s of [a, b]) {
    const stream = await openStream(s.url, serverKey)
    streams.push(stream)
    await stream.until((events) => events.some((e) => e.event === 'put'))
    // A first read fills the process's payload cache.
    const res = await fetch(`${s.url}/sdk/v1/flags`, {
      headers: { Authorization: `Bearer ${serverKey}` },
    })
    expect(res.status).toBe(200)
  }

  // Writes and batches keep coming from both sides; those answered 2xx must survive.
  const ackedFlags: string[] = []
  const ackedBatches: string[] = []
  const refused: number[] = []
  let writing = true
  const writer = async (server: AndonServer, name: string) => {
    for (let i = 0; writing; i++) {
      const res = await server.call('POST', '/api/v1/flags', { key: `${name}-${i}` })
      if (res.status === 201) ackedFlags.push(`${name}-${i}`)
      else refused.push(res.status)
      const id = `${name}-batch-${i}`
      const sent = await fetch(`${server.url}/sdk/v1/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serverKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(batch(id)),
      }).catch(() => undefined)
      if (sent?.status === 202) ackedBatches.push(id)
      else if (sent !== undefined) {
        refused.push(sent.status)
        expect(sent.headers.get('Retry-After')).not.toBeNull()
      }
      await sleep(20)
    }
  }
  const writers = [writer(a, 'a'), writer(b, 'b')]
  await sleep(300)

  pgctl('stop')
  try {
    for (const s of [a, b]) {
      const health = await fetch(`${s.url}/healthz`)
      expect(health.status).toBe(503)
      expect((await health.json()) as unknown).toMatchObject({
        ok: false,
        database: 'postgres',
        error: expect.stringMatching(/PostgreSQL/) as unknown,
      })
      const read = await fetch(`${s.url}/sdk/v1/flags`, {
        headers: { Authorization: `Bearer ${serverKey}` },
      })
      expect(read.status).toBe(200)
      expect(((await read.json()) as { flags: Record<string, unknown> }).flags).toHaveProperty(
        'checkout',
      )
      const write = await fetch(`${s.url}/api/v1/flags`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${a.secrets.admin}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ key: 'while-away' }),
      })
      expect(write.status).toBe(503)
      expect(write.headers.get('Retry-After')).not.toBeNull()
    }
    await sleep(500)
  } finally {
    pgctl('start')
  }
  for (const stream of streams) expect(stream.response.closed).toBe(false)

  // Back, writes go on; then a plain restart in the middle of them, as an operator does it.
  await sleep(1500)
  const ackedBeforeRestart = ackedFlags.length
  pgctl('restart')
  await sleep(2000)
  writing = false
  await Promise.all(writers)
  expect(refused.length).toBeGreaterThan(0)
  // Writes were acknowledged again after the restart.
  expect(ackedFlags.length).toBeGreaterThan(ackedBeforeRestart)
  const after = await b.admin<{ version: number }>(
    'PATCH',
    '/api/v1/flags/checkout/environments/production',
    { fallthrough: { variation: 0 } },
  )
  for (const stream of streams) {
    await stream.until((events) => events.some((e) => Number(e.id) === after.version), 15_000)
  }
  for (const s of [a, b]) expect((await fetch(`${s.url}/healthz`)).status).toBe(200)

  const listed = await a.admin<{ flags: { key: string }[] }>('GET', '/api/v1/flags')
  const keys = new Set(listed.flags.map((f) => f.key))
  expect(ackedFlags.filter((k) => !keys.has(k))).toEqual([])
  expect(keys.has('while-away')).toBe(false)

  const batches = await pgQuery<{ batch_id: string }>(
    database.url,
    'select batch_id from event_batches',
  )
  expect(new Set(batches.map((r) => r.batch_id))).toEqual(new Set(ackedBatches))
  const [exposures] = await pgQuery<{ n: string }>(
    database.url,
    "select coalesce(sum(count), 0)::text as n from event_minutes where metric = ''",
  )
  expect(Number(exposures?.n)).toBe(ackedBatches.length * 15)
}
