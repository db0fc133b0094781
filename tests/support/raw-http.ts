/**
 * One HTTP request with what fetch can not do: a chosen local address (so that tests on
 * loopback are several sources: 127.0.0.2, 127.0.0.3...), bodies of raw bytes, a body sent in
 * chunks without Content-Length, and a deadline. SSE answers are cut after their headers.
 */
import { request as httpRequest, Agent } from 'node:http'

export interface RawRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  /** A string or bytes, sent with Content-Length; an array of chunks is sent chunked, without. */
  body?: string | Uint8Array | (string | Uint8Array)[]
  /** The client's address, such as `127.0.0.2`. */
  localAddress?: string
  /** Milliseconds before the request counts as hung; 10 s by default. */
  timeoutMs?: number
  /** A connection of its own, for requests that leave theirs unusable (a body cut short). */
  fresh?: boolean
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, baseUrl)
  const timeoutMs = r.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: r.path,
        method: r.method ?? 'GET',
        headers: r.headers,
        localAddress: r.localAddress,
        // A local address needs its own connection; keep-alive sockets are per address anyway.
        agent: r.localAddress === undefined && r.fresh !== true ? agent : false,
      },
      (res) => {
        const status = res.statusCode ?? 0
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy()
          clearTimeout(timer)
          resolve({ status, headers: res.headers, text: '' })
          return
        }
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          clearTimeout(timer)
          resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`no answer in ${timeoutMs} ms: ${r.method ?? 'GET'} ${r.path}`))
    }, timeoutMs)
    req.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    if (Array.isArray(r.body)) {
      for (const chunk of r.body) req.write(chunk)
      req.end()
    } else {
      req.end(r.body)
    }
  })
}

/** Closes the kept-alive connections, so that a test process ends promptly. */
export function closeRawConnections(): void {
  agent.destroy()
}
