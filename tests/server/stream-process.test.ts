/**
 * The stream of a real server process over real sockets: resume across a restart, the client
 * view, a reader that stalls, and connections that come and go.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer, type StartOptions } from '../support/andon-server.js'
import { openStream } from './raw-sse.js'
import type { SseEvent } from '../../server/src/testing/sse-reader.js'

/** The folder that the restart test keeps across its two starts; the others use fresh ones. */
const dataDir = mkdtempSync(join(tmpdir(), 'andon-stream-'))
const running: AndonServer[] = []
async function start(options?: StartOptions) {
  const server = await startAndonServer(options)
  running.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()))
  rmSync(dataDir, { recursive: true, force: true })
})

const kinds = (events: SseEvent[], name: string) => events.filter((e) => e.event === name)

// Real processes and sockets on a shared machine: generous bounds, never timing assertions.
describe('resume across a restart', { timeout: 120_000 }, () => {
  it('replays the changes made while the client was away from the database change log', async () => {
    const first = await start({ dataDir })
    const token = first.secrets.keys['production server'] as string
    await first.call('POST', '/api/v1/flags', { key: 'survivor' })
    const stream = await openStream(first.url, token)
    const [put] = kinds(await stream.until((e) => kinds(e, 'put').length === 1), 'put')
    const seen = Number(put?.id)
    await first.stop('SIGKILL')
    await stream.ended

    const second = await start({ dataDir, secrets: first.secrets })
    for (const enabled of [true, false, true]) {
      const res = await second.call('PATCH', '/api/v1/flags/survivor/environments/production', {
        enabled,
      })
      expect(res.status).toBe(200)
    }
    const resumed = await openStream(second.url, token, { 'Last-Event-ID': String(seen) })
    const events = await resumed.until((e) => kinds(e, 'patch').length === 3)
    expect(kinds(events, 'put')).toEqual([])
    expect(kinds(events, 'patch').map((e) => Number(e.id))).toEqual([seen + 1, seen + 2, seen + 3])
    expect(kinds(events, 'patch').map((e) => JSON.parse(e.data as string).value.enabled)).toEqual([
      true,
      false,
      true,
    ])
    resumed.close()
  })
})

describe('a running server', { timeout: 120_000 }, () => {
  let server: AndonServer
  beforeAll(async () => {
    server = await start()
  })

  it('sends client keys only what they may see', async () => {
    await server.call('POST', '/api/v1/flags', { key: 'public-banner', clientSide: true })
    await server.call('POST', '/api/v1/flags', { key: 'private-pricing' })
    const client = await openStream(server.url, server.secrets.keys['production client'] as string)
    const put = await client.until((e) => kinds(e, 'put').length === 1)
    expect(Object.keys(JSON.parse(kinds(put, 'put')[0]?.data as string).flags)).toEqual([
      'public-banner',
    ])
    await server.call('PATCH', '/api/v1/flags/private-pricing/environments/production', {
      enabled: true,
    })
    await server.call('PATCH', '/api/v1/flags/public-banner/environments/production', {
      enabled: true,
    })
    const events = await client.until((e) => kinds(e, 'patch').length === 1)
    expect(JSON.parse(kinds(events, 'patch')[0]?.data as string).key).toBe('public-banner')
    expect(client.text()).not.toContain('private-pricing')
    client.close()
  })

  it('closes a stream whose reader stalls once more than 1 MiB is queued, and keeps the others', async () => {
    expect(await server.metricSettled('andon_open_streams', 0)).toBe(0)
    await server.call('POST', '/api/v1/flags', {
      key: 'heavy',
      variations: ['x'.repeat(200_000), 'y'],
    })
    const token = server.secrets.keys['development server'] as string
    // A client that sends its request and never reads a byte.
    const stalled = connect(Number(new URL(server.url).port), '127.0.0.1')
    stalled.write(
      `GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    )
    stalled.pause()
    const closed = new Promise((resolve) => stalled.once('close', resolve))
    stalled.on('error', () => {})
    const reader = await openStream(server.url, token)
    await reader.until((e) => kinds(e, 'put').length === 1)
    expect(await server.metricSettled('andon_open_streams', 2)).toBe(2)
    // Enough to fill the kernel's socket buffers and then the 1 MiB queue several times over.
    for (let i = 0; i < 120; i++) {
      const res = await server.call('PATCH', '/api/v1/flags/heavy/environments/development', {
        enabled: i % 2 === 0,
      })
      expect(res.status).toBe(200)
    }
    await reader.until((e) => kinds(e, 'patch').length === 120, 30_000)
    expect(await server.metricSettled('andon_open_streams', 1)).toBe(1)
    stalled.destroy()
    await closed
    reader.close()
  })

  it('leaves no stream and no heartbeat timer after 10,000 connect/abort cycles', async () => {
    const token = server.secrets.keys['production server'] as string
    const port = Number(new URL(server.url).port)
    const cycle = () =>
      new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            `GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
          )
        })
        socket.once('data', () => {
          socket.destroy()
          resolve()
        })
        socket.once('error', reject)
      })
    let next = 0
    const worker = async () => {
      while (next < 10_000) {
        next++
        await cycle()
      }
    }
    await Promise.all(Array.from({ length: 50 }, worker))
    expect(await server.metricSettled('andon_open_streams', 0)).toBe(0)
    expect(await server.metric('andon_stream_timers')).toBe(0)
  })
})
