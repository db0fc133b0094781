/**
 * A small HTTP server that speaks the SDK side of the spec (`GET /sdk/v1/stream`,
 * `GET /sdk/v1/flags` and `POST /sdk/v1/events`) under the test's control: what each
 * connection is sent, when it is cut, which status the key gets, how posts of events are
 * answered. The SDK's unit tests use it until (and besides) the real
 * server, because only a fake server can send malformed events on purpose.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eventBatchSchema, type EventBatch, type Payload } from '@andon/core'

export const TEST_KEY = 'srv_test'

export interface StreamConnection {
  readonly headers: IncomingMessage['headers']
  /** Resolves when the server sees the connection close. */
  readonly closed: Promise<void>
  readonly isClosed: boolean
  /** Writes one event in the wire format. */
  send(event: string, data: unknown, id?: number | string): void
  /** Writes raw bytes. */
  write(text: string): void
  /** Ends the response cleanly. */
  end(): void
  /** Cuts the socket. */
  destroy(): void
}

export interface TestServerOptions {
  payload: Payload
}

export interface TestServer {
  readonly url: string
  /** What `put` and `GET /sdk/v1/flags` serve. */
  payload: Payload
  /** Every stream connection ever opened, in order. */
  readonly streams: StreamConnection[]
  /** Every request, in order. */
  readonly requests: { path: string; headers: IncomingMessage['headers']; at: number }[]
  /** Answers every SDK request with this status instead (e.g. 401, 500). */
  status: number | undefined
  /** Answers only `GET /sdk/v1/stream` with this status (e.g. 500 to force polling). */
  streamStatus: number | undefined
  /** Every post to `POST /sdk/v1/events` that parsed as a batch, in order, whatever its answer. */
  readonly eventPosts: { batch: EventBatch; status: number }[]
  /** The batches answered 202, each batch id once (as the real server counts them). */
  readonly batches: EventBatch[]
  /**
   * The status of the next posts of events: shifted from this list per post, 202 once empty.
   * A status of 0 never answers (the post hangs until the client gives up).
   */
  eventStatuses: number[]
  /** Resolves once `eventPosts` holds `n` posts. */
  nextEventPost(n: number): Promise<void>
  /** What a new connection is sent; by default one `put` of `payload`. */
  onStream: (connection: StreamConnection) => void
  /** Resolves with the next stream connection (or the `n`-th ever, counting from 1). */
  nextStream(n?: number): Promise<StreamConnection>
  /** Sends an event to every open stream. */
  broadcast(event: string, data: unknown, id?: number): void
  close(): Promise<void>
}

export function sseText(event: string, data: unknown, id?: number | string): string {
  const body = typeof data === 'string' ? data : JSON.stringify(data)
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${body}\n\n`
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const waiting: { n: number; resolve: (c: StreamConnection) => void }[] = []
  const waitingPosts: { n: number; resolve: () => void }[] = []

  function postEvents(req: IncomingMessage, res: ServerResponse) {
    let body = ''
    req.on('data', (chunk) => (body += String(chunk)))
    req.on('end', () => {
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        json = undefined
      }
      const parsed = eventBatchSchema.safeParse(json)
      if (!parsed.success) {
        res.writeHead(422).end()
        return
      }
      const status = server.eventStatuses.shift() ?? 202
      server.eventPosts.push({ batch: parsed.data, status })
      for (const w of [...waitingPosts]) {
        if (server.eventPosts.length >= w.n) {
          waitingPosts.splice(waitingPosts.indexOf(w), 1)
          w.resolve()
        }
      }
      if (status === 0) return // hangs
      if (status === 202 && !server.batches.some((b) => b.id === parsed.data.id)) {
        server.batches.push(parsed.data)
      }
      res.writeHead(status).end()
    })
  }

  function openStream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
    })
    res.flushHeaders()
    let isClosed = false
    const closed = new Promise<void>((resolve) =>
      res.on('close', () => {
        isClosed = true
        resolve()
      }),
    )
    const connection: StreamConnection = {
      headers: req.headers,
      closed,
      get isClosed() {
        return isClosed
      },
      send: (event, data, id) => void res.write(sseText(event, data, id)),
      write: (text) => void res.write(text),
      end: () => void res.end(),
      destroy: () => void res.destroy(),
    }
    server.streams.push(connection)
    server.onStream(connection)
    for (const w of [...waiting]) {
      if (server.streams.length >= w.n) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(server.streams[w.n - 1]!)
      }
    }
  }

  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    server.requests.push({ path, headers: req.headers, at: Date.now() })
    if (req.headers.authorization !== `Bearer ${TEST_KEY}`) {
      res.writeHead(401).end()
      return
    }
    if (server.status !== undefined) {
      res.writeHead(server.status).end()
      return
    }
    if (path === '/sdk/v1/stream') {
      if (server.streamStatus !== undefined) res.writeHead(server.streamStatus).end()
      else openStream(req, res)
      return
    }
    if (path === '/sdk/v1/events' && req.method === 'POST') {
      postEvents(req, res)
      return
    }
    if (path === '/sdk/v1/flags') {
      const etag = `"${server.payload.version}"`
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag })
      res.end(JSON.stringify(server.payload))
      return
    }
    res.writeHead(404).end()
  })
  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  const { port } = http.address() as AddressInfo

  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    payload: options.payload,
    streams: [],
    requests: [],
    status: undefined,
    streamStatus: undefined,
    eventPosts: [],
    batches: [],
    eventStatuses: [],
    nextEventPost(n) {
      if (server.eventPosts.length >= n) return Promise.resolve()
      return new Promise((resolve) => waitingPosts.push({ n, resolve }))
    },
    onStream: (connection) => connection.send('put', server.payload, server.payload.version),
    nextStream(n = server.streams.length + 1) {
      if (server.streams.length >= n) return Promise.resolve(server.streams[n - 1]!)
      return new Promise((resolve) => waiting.push({ n, resolve }))
    },
    broadcast(event, data, id) {
      for (const s of server.streams) if (!s.isClosed) s.send(event, data, id)
    },
    async close() {
      for (const s of server.streams) s.destroy()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
  return server
}
