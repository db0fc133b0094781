/**
 * The Node SDK against the real server process: a change made through the admin API reaches
 * the SDK's `change` event, and 200 clients ride out the server being killed for 30 s while
 * 20 changes are made, then end on the server's latest data.
 *
 * The outage: the server is killed (SIGKILL) on the clients' port; during the 30 s that the
 * port stays dead, a second server process on the same data folder and another port takes
 * the 20 changes through its admin API (as a second replica behind a load balancer would),
 * then stops; the first server comes back on the clients' port. The clients' backoff keeps
 * its 1 s start and doubling but a 4 s cap (the default is 30 s), so that they come back
 * within seconds of the restart and the test stays under a minute; the outage is the full 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type AndonClient, type Payload } from '@andon/sdk-node'
import { startAndonServer, type AndonServer, type Secrets } from '../support/andon-server.js'
import { nextEvent, until } from './fixtures.js'

const ENV = 'production'
let dataDir: string
let port: number
let secrets: Secrets
let server: AndonServer
let sdkKey: string
const clients: AndonClient[] = []
const servers: AndonServer[] = []

async function enable(s: AndonServer, key: string, enabled: boolean) {
  await s.admin('PATCH', `/api/v1/flags/${key}/environments/${ENV}`, { enabled })
}

async function serverPayload(url: string): Promise<Payload> {
  const response = await fetch(`${url}/sdk/v1/flags`, {
    headers: { Authorization: `Bearer ${sdkKey}` },
  })
  return (await response.json()) as Payload
}

/** The server's count of open stream connections, from `GET /metrics`. */
const openStreams = () => server.metric('andon_open_streams')

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'andon-sdk-real-'))
  server = await startAndonServer({ dataDir })
  servers.push(server)
  port = server.port
  secrets = server.secrets
  sdkKey = secrets.keys[`${ENV} server`]!
  expect(sdkKey).toMatch(/^srv_/)
})

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await Promise.all(servers.map((s) => s.stop()))
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the Node SDK against the real server', () => {
  it('receives a change made through the admin API as a change event', async () => {
    await server.admin('POST', '/api/v1/flags', { key: 'live-change' })
    const client = createClient({ baseUrl: server.url, sdkKey })
    clients.push(client)
    expect(await client.ready({ timeoutMs: 5000 })).toBe(true)
    expect(client.status()).toBe('ready')
    expect(client.isEnabled('live-change', { key: 'u' })).toBe(false)
    const change = nextEvent<string[]>(client, 'change:live-change')
    await enable(server, 'live-change', true)
    expect(await change).toBe('live-change')
    expect(client.isEnabled('live-change', { key: 'u' })).toBe(true)
    expect(await openStreams()).toBe(1)
    const closedAt = Date.now()
    await client.close()
    await until(async () => (await openStreams()) === 0, 1000, 'the server to see the stream close')
    expect(Date.now() - closedAt).toBeLessThan(1000)
  })

  it('resumes with Last-Event-ID after a restart: the changes made meanwhile arrive one by one', async () => {
    for (const key of ['r0', 'r1', 'r2']) await server.admin('POST', '/api/v1/flags', { key })
    const client = createClient({
      baseUrl: server.url,
      sdkKey,
      backoff: { initialMs: 100, maxMs: 300 },
      pollAfterFailures: 1000, // the stream alone must catch up
    })
    clients.push(client)
    expect(await client.ready({ timeoutMs: 5000 })).toBe(true)
    const changes: string[][] = []
    client.on('change', (keys) => changes.push(keys))
    await server.stop('SIGKILL')
    const writer = await startAndonServer({ dataDir, secrets })
    servers.push(writer)
    for (const key of ['r0', 'r1', 'r2']) await enable(writer, key, true)
    await writer.stop('SIGTERM')
    expect(client.status()).toBe('stale')
    server = await startAndonServer({ dataDir, port, secrets })
    servers.push(server)
    await until(() => changes.length === 3, 10_000, 'three changes')
    // One patch per change (a put would have brought them all in one change event).
    expect(changes).toEqual([['r0'], ['r1'], ['r2']])
    expect(client.allFlags({ key: 'u' })).toMatchObject({ r0: true, r1: true, r2: true })
    await client.close()
  })

  it('keeps 200 clients serving through a 30 s outage with 20 changes, and brings them all up to date', async () => {
    const FLAGS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'h']
    for (const key of FLAGS) {
      await server.admin('POST', '/api/v1/flags', { key })
      await enable(server, key, true)
    }
    const ctx = { key: 'user-1' }
    const fleet: AndonClient[] = []
    for (let i = 0; i < 200; i++) {
      fleet.push(createClient({ baseUrl: server.url, sdkKey, backoff: { maxMs: 4000 } }))
    }
    clients.push(...fleet)
    expect(
      (await Promise.all(fleet.map((c) => c.ready({ timeoutMs: 10_000 })))).every(Boolean),
    ).toBe(true)
    const before = fleet[0]!.allFlags(ctx)
    for (const key of FLAGS) expect(before[key]).toBe(true)
    const versionBefore = fleet[0]!.version()
    expect(fleet.every((c) => c.version() === versionBefore)).toBe(true)

    // Record when each client is back.
    const backAt = new Map<AndonClient, number>()
    let killedAt = 0
    for (const c of fleet) {
      c.on('status', (s) => {
        if (s === 'ready' && killedAt > 0 && !backAt.has(c)) backAt.set(c, Date.now())
      })
    }

    await server.stop('SIGKILL')
    killedAt = Date.now()

    // The 20 changes, through a second server process on the same data.
    const writer = await startAndonServer({ dataDir, secrets })
    servers.push(writer)
    for (let i = 0; i < 10; i++) await enable(writer, `f${i}`, false) // 10
    for (let i = 0; i < 4; i++) {
      await writer.admin('POST', '/api/v1/flags', { key: `g${i}` }) // 4
      await enable(writer, `g${i}`, true) // 4
    }
    await writer.admin('DELETE', '/api/v1/flags/h') // 1
    await enable(writer, 'f0', true) // 1
    const latest = await serverPayload(writer.url)
    expect(latest.version).toBeGreaterThanOrEqual(versionBefore + 20)
    await writer.stop('SIGTERM')

    // Every evaluation during the outage serves the last known value.
    let checks = 0
    while (Date.now() - killedAt < 30_000) {
      for (const c of fleet) {
        for (const key of FLAGS) {
          const detail = c.variationDetail(key, ctx, false)
          if (detail.value !== true || detail.reason.kind === 'ERROR') {
            throw new Error(
              `a client served ${JSON.stringify(detail)} for ${key} during the outage`,
            )
          }
        }
      }
      checks++
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(checks).toBeGreaterThan(20)
    expect(fleet.every((c) => c.status() === 'stale')).toBe(true)
    expect(backAt.size).toBe(0)

    // Back on the same port and data.
    const restartedAt = Date.now()
    server = await startAndonServer({ dataDir, port, secrets })
    servers.push(server)
    await until(
      () => fleet.every((c) => c.version() === latest.version),
      20_000,
      'every client on the latest version',
    )
    await until(() => backAt.size === fleet.length, 5000, 'every client ready')

    const expected = {
      ...Object.fromEntries(FLAGS.filter((k) => k !== 'h').map((k) => [k, k === 'f0'])),
      g0: true,
      g1: true,
      g2: true,
      g3: true,
    }
    const latestKeys = Object.keys(latest.flags).sort()
    expect(latestKeys).not.toContain('h')
    for (const c of fleet) {
      expect(c.status()).toBe('ready')
      const served = c.allFlags(ctx)
      expect(Object.keys(served).sort()).toEqual(latestKeys) // flags of earlier tests included
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, served[k]]))).toEqual(expected)
      expect(c.variationDetail('h', ctx, 'gone').value).toBe('gone')
    }
    // Spread-out reconnections: not one stampede at the restart.
    const delays = [...backAt.values()].map((t) => t - restartedAt)
    const buckets = new Set(delays.map((d) => Math.floor(d / 100)))
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(500)
    expect(buckets.size).toBeGreaterThanOrEqual(5)
  }, 120_000)
})
