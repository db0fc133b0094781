/**
 * A stand-in for the Andon server's SDK endpoints, small enough to steer from a test: boolean
 * flags, `GET /sdk/v1/stream` (put, patch, replay after Last-Event-ID or ?lastEventId=),
 * `GET /sdk/v1/flags` (ETag, 304) and `POST /sdk/v1/events` (each batch recorded, answered
 * with the status the test sets), CORS for any origin, and a log of the requests it got.
 * The real server is tested in server.test.ts; this one lets a test break the stream on purpose.
 */
import type { ServerResponse } from 'node:http'
import type { EventBatch } from '@andon/core'
import { listen } from './support.js'

export const FAKE_KEY = 'cli_fake'

export interface SeenBatch {
  batch: EventBatch
  /** What the server answered. */
  status: number
  contentType: string | undefined
  authorization: string | undefined
}

export interface SeenRequest {
  path: string
  query: URLSearchParams
  lastEventId: string | undefined
  ifNoneMatch: string | undefined
}

function flag(key: string, on: boolean, version: number, shape: Record<string, unknown> = {}) {
  return {
    key,
    version,
    enabled: on,
    variations: [false, true] as unknown[],
    offVariation: 0,
    fallthrough: { variation: 1 },
    ...shape,
  }
}

export async function startFakeFlagServer() {
  let version = 1
  const flags = new Map<string, ReturnType<typeof flag>>()
  const log: { id: number; frame: string }[] = []
  const streams = new Set<ServerResponse>()
  const requests: SeenRequest[] = []
  const control = { streamStatus: 200, eventsStatus: 202 }
  const batches: SeenBatch[] = []
  /** The paths of the CORS preflights received. */
  const preflights: string[] = []

  const payload = () => ({
    schemaVersion: 1,
    environment: 'test',
    version,
    flags: Object.fromEntries(flags),
    segments: {},
  })

  const http = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Expose-Headers', 'ETag')
    if (req.method === 'OPTIONS') {
      preflights.push(url.pathname)
      res.writeHead(204, {
        // As the real server answers (hono/cors with its default methods).
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID, If-None-Match',
        'Access-Control-Allow-Methods': 'GET,HEAD,PUT,POST,DELETE,PATCH',
      })
      res.end()
      return
    }
    requests.push({
      path: url.pathname,
      query: url.searchParams,
      lastEventId: req.headers['last-event-id'] as string | undefined,
      ifNoneMatch: req.headers['if-none-match'],
    })
    if (url.searchParams.get('key') !== FAKE_KEY) {
      res.writeHead(401).end()
      return
    }
    if (url.pathname === '/sdk/v1/flags') {
      const etag = `"${version}"`
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag })
      res.end(JSON.stringify(payload()))
      return
    }
    if (url.pathname === '/sdk/v1/events' && req.method === 'POST') {
      let body = ''
      req.on('data', (chunk) => (body += String(chunk)))
      req.on('end', () => {
        batches.push({
          batch: JSON.parse(body) as EventBatch,
          status: control.eventsStatus,
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
        })
        res.writeHead(control.eventsStatus).end()
      })
      return
    }
    if (url.pathname === '/sdk/v1/stream') {
      if (control.streamStatus !== 200) {
        res.writeHead(control.streamStatus).end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
      res.write('retry: 100\n\n')
      const raw = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined
      const after = raw === undefined ? NaN : Number(raw)
      const first = log[0]?.id ?? version + 1
      if (Number.isInteger(after) && after <= version && after >= first - 1) {
        for (const entry of log) if (entry.id > after) res.write(entry.frame)
      } else {
        res.write(`event: put\nid: ${version}\ndata: ${JSON.stringify(payload())}\n\n`)
      }
      streams.add(res)
      res.on('close', () => streams.delete(res))
      return
    }
    res.writeHead(404).end()
  })

  return {
    url: http.url,
    requests,
    control,
    /**
     * Sets a flag (a new version of it and of the environment) and streams the patch.
     * `shape` replaces parts of the boolean flag (variations, rules, fallthrough).
     */
    setFlag(key: string, on: boolean, shape: Record<string, unknown> = {}) {
      version++
      const value = flag(key, on, (flags.get(key)?.version ?? 0) + 1, shape)
      flags.set(key, value)
      const data = { kind: 'flag', key, version: value.version, value }
      const frame = `event: patch\nid: ${version}\ndata: ${JSON.stringify(data)}\n\n`
      log.push({ id: version, frame })
      for (const res of streams) res.write(frame)
    },
    batches,
    preflights,
    /** The batches answered with 2xx, each id once, as the real server counts them. */
    accepted(): EventBatch[] {
      const byId = new Map<string, EventBatch>()
      for (const seen of batches) if (seen.status < 300) byId.set(seen.batch.id, seen.batch)
      return [...byId.values()]
    },
    version: () => version,
    openStreams: () => streams.size,
    /** Cuts every open stream, as a restart or a network change would. */
    dropStreams() {
      for (const res of streams) res.destroy()
      streams.clear()
    },
    close: () => http.close(),
  }
}

export type FakeFlagServer = Awaited<ReturnType<typeof startFakeFlagServer>>
