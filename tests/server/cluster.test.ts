/**
 * Three server processes over one PostgreSQL database: a change written through any of them
 * reaches the streams of all of them, with the same event ids; an SDK resumes with
 * `Last-Event-ID` on another process; `kill -9` of a process mid-write loses no acknowledged
 * write, and the environment's versions stay gapless. Fails, never skips, without PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../server/src/testing/postgres.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { openStream, type RawStream } from './raw-sse.js'
import { pgQuery } from '../support/pg-query.js'

let database: TestDatabase
const running: AndonServer[] = []
const streams: RawStream[] = []

async function startCluster(count: number): Promise<AndonServer[]> {
  const env = { ANDON_DATABASE_URL: database.url, ANDON_DATABASE_POOL: '4' }
  const first = await startAndonServer({ env })
  running.push(first)
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => startAndonServer({ env, secrets: first.secrets })),
  )
  running.push(...rest)
  return [first, ...rest]
}

beforeAll(async () => {
  database = await freshDatabase('andon_cluster')
})
afterAll(async () => {
  for (const s of streams) s.close()
  await Promise.all(running.map((s) => s.stop()))
  await database?.drop()
})

const patchIds = (stream: RawStream, flag: string) =>
  stream
    .events()
    .filter((e) => e.event === 'patch' && (e.data ?? '').includes(`"key":"${flag}"`))
    .map((e) => Number(e.id))

describe('several processes over one PostgreSQL database', { timeout: 120_000 }, () => {
  it('streams a change written through any process to every process, with the same ids', async () => {
    const [a, b, c] = (await startCluster(3)) as [AndonServer, AndonServer, AndonServer]
    const serverKey = a.secrets.keys['production server'] as string
    expect(serverKey).toBeDefined()
    for (const s of [a, b, c]) {
      const stream = await openStream(s.url, serverKey)
      streams.push(stream)
      expect(stream.status).toBe(200)
      await stream.until((events) => events.some((e) => e.event === 'put'))
    }
    const [onA, onB, onC] = streams.slice(-3) as [RawStream, RawStream, RawStream]

    await a.admin('POST', '/api/v1/flags', { key: 'checkout' })
    await b.admin('PATCH', '/api/v1/flags/checkout/environments/production', { enabled: true })
    const flipped = await c.admin<{ version: number }>(
      'PATCH',
      '/api/v1/flags/checkout/environments/production',
      { enabled: false },
    )
    expect(flipped.version).toBe(3)
    // Created, switched on, switched off: three patches on every process's stream.
    for (const stream of [onA, onB, onC])
      await stream.until(() => patchIds(stream, 'checkout').length === 3)
    const ids = patchIds(onA, 'checkout')
    expect(ids).toHaveLength(3)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(patchIds(onB, 'checkout')).toEqual(ids)
    expect(patchIds(onC, 'checkout')).toEqual(ids)

    // An SDK that saw the first patch on A resumes on C and gets exactly the two after it.
    const resumed = await openStream(c.url, serverKey, { 'Last-Event-ID': String(ids[0]) })
    streams.push(resumed)
    const replay = await resumed.until(
      (events) => events.filter((e) => e.event === 'patch').length >= 2,
    )
    expect(replay.some((e) => e.event === 'put')).toBe(false)
    expect(replay.filter((e) => e.event === 'patch').map((e) => Number(e.id))).toEqual(ids.slice(1))
  })

  it('refuses an SDK key revoked through one process on the others from the next request', async () => {
    const [a, b, c] = running.slice(0, 3) as [AndonServer, AndonServer, AndonServer]
    const created = await a.admin<{ id: number; key: string }>(
      'POST',
      '/api/v1/environments/production/keys',
      { kind: 'server', name: 'pipeline' },
    )
    const read = (s: AndonServer) =>
      fetch(`${s.url}/sdk/v1/flags`, { headers: { Authorization: `Bearer ${created.key}` } })
    for (const s of [b, c]) expect((await read(s)).status).toBe(200)
    await a.admin('DELETE', `/api/v1/keys/${created.id}`)
    // No wait: the other processes heard of it by NOTIFY, and the revocation answers only
    // after the second a process may hold a key without asking.
    for (const s of [b, c]) expect((await read(s)).status).toBe(401)
  })

  it('refuses a token revoked through one process on the others from the next request', async () => {
    const [a, b, c] = running.slice(0, 3) as [AndonServer, AndonServer, AndonServer]
    const created = await a.admin<{ id: number; token: string }>('POST', '/api/v1/tokens', {
      name: 'leaked',
      scopes: ['read'],
    })
    const read = (s: AndonServer) =>
      fetch(`${s.url}/api/v1/flags`, { headers: { Authorization: `Bearer ${created.token}` } })
    for (const s of [b, c]) expect((await read(s)).status).toBe(200)
    await a.admin('DELETE', `/api/v1/tokens/${created.id}`)
    // No wait: the revocation answers once no process can hold the token any more.
    for (const s of [b, c]) expect((await read(s)).status).toBe(401)
  })

  it('turns config edits into change requests on every process from the answer that asks for approval', async () => {
    const [a, b, c] = running.slice(0, 3) as [AndonServer, AndonServer, AndonServer]
    await a.admin('POST', '/api/v1/flags', { key: 'approved-edits' })
    const edit = async (s: AndonServer) =>
      (
        await s.call('PATCH', '/api/v1/flags/approved-edits/environments/development', {
          enabled: true,
        })
      ).status
    // Each process now holds the environment's settings for a second.
    for (const s of [b, c]) expect(await edit(s)).toBe(200)
    await a.admin('PATCH', '/api/v1/environments/development', { requireApproval: true })
    // No wait: the change answers once no process can hold the old settings any more.
    for (const s of [b, c]) expect(await edit(s)).toBe(202)
    await a.admin('PATCH', '/api/v1/environments/development', { requireApproval: false })
    for (const s of [b, c]) expect(await edit(s)).toBe(200)
  })

  it('catches a process up on the changes it missed while its LISTEN connection was lost', async () => {
    const [a, b] = running.slice(0, 2) as [AndonServer, AndonServer]
    const serverKey = a.secrets.keys['production server'] as string
    const onB = await openStream(b.url, serverKey)
    streams.push(onB)
    await onB.until((events) => events.some((e) => e.event === 'put'))
    await a.admin('POST', '/api/v1/flags', { key: 'missed' })
    // Every process's LISTEN connection drops; the writes below are announced to nobody.
    const cut = await pgQuery(
      database.url,
      `select pg_terminate_backend(pid) from pg_stat_activity
       where query ilike 'listen%' and datname = current_database()`,
    )
    expect(cut.length).toBeGreaterThanOrEqual(3)
    for (const enabled of [true, false, true]) {
      await a.admin('PATCH', '/api/v1/flags/missed/environments/production', { enabled })
    }
    const events = await onB.until(() => patchIds(onB, 'missed').length === 4, 20_000)
    const ids = patchIds(onB, 'missed')
    expect(ids).toEqual(Array.from({ length: 4 }, (_, i) => (ids[0] as number) + i))
    expect(events.filter((e) => e.event === 'put')).toHaveLength(1)
  })

  it('keeps every acknowledged write when one process is killed mid-write, versions gapless', async () => {
    const [a, b, c] = running.slice(0, 3) as [AndonServer, AndonServer, AndonServer]
    const acked: string[] = []
    let alive = true
    const writer = async (server: AndonServer, name: string, stopOnError: boolean) => {
      for (let i = 0; alive || !stopOnError; i++) {
        const key = `${name}-${i}`
        try {
          const res = await server.call('POST', '/api/v1/flags', { key })
          if (res.status !== 201) throw new Error(`create answered ${res.status}`)
          acked.push(key)
          const patch = await server.call('PATCH', `/api/v1/flags/${key}/environments/production`, {
            enabled: true,
          })
          if (patch.status !== 200) throw new Error(`patch answered ${patch.status}`)
        } catch (error) {
          if (stopOnError) return
          throw error
        }
        if (!stopOnError && i >= 40) return
      }
    }
    const doomed = writer(a, 'on-a', true)
    const survivor = writer(b, 'on-b', false)
    await new Promise((resolve) => setTimeout(resolve, 400))
    alive = false
    await a.stop('SIGKILL')
    await Promise.all([doomed, survivor])
    expect(acked.filter((k) => k.startsWith('on-a')).length).toBeGreaterThan(0)

    const listed = await c.admin<{ flags: { key: string }[] }>('GET', '/api/v1/flags')
    const keys = new Set(listed.flags.map((f) => f.key))
    expect(acked.filter((k) => !keys.has(k))).toEqual([])

    const versions = (
      await pgQuery<{ version: number }>(
        database.url,
        `select l.version from change_log l join environments e on e.id = l.environment_id
         where e.key = 'production' order by l.version`,
      )
    ).map((r) => r.version)
    const [env] = await pgQuery<{ version: number }>(
      database.url,
      "select version from environments where key = 'production'",
    )
    // Every version from the first change logged to the environment's own: no gap, no repeat.
    const first = versions[0] as number
    expect(versions.length).toBeGreaterThan(80)
    expect(versions).toEqual(Array.from({ length: env!.version - first + 1 }, (_, i) => first + i))
  })
})
