/**
 * A proxy in front of the real server that counts what a client asks and keeps open, so a
 * test can tell that a closed provider asks nothing more. It can refuse the stream, which
 * makes the SDKs poll `GET /sdk/v1/flags` through it instead.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CountingProxy {
  url: string
  /** The paths asked for, in order. */
  readonly paths: string[]
  /** Streams the proxy holds open to the server for a client now. */
  openStreams(): number
  /** Answer `GET /sdk/v1/stream` with 503 instead of passing it on. */
  refuseStreams: boolean
  close(): Promise<void>
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target)
  let open = 0
  const responses = new Set<ServerResponse>()
  const proxy: CountingProxy = {
    url: '',
    paths: [],
    openStreams: () => open,
    refuseStreams: false,
    async close() {
      for (const res of responses) res.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    proxy.paths.push(path)
    const isStream = path === '/sdk/v1/stream'
    if (isStream && proxy.refuseStreams) {
      res.writeHead(503, { 'Access-Control-Allow-Origin': '*' }).end()
      return
    }
    responses.add(res)
    if (isStream) open++
    res.on('close', () => {
      responses.delete(res)
      if (isStream) open--
    })
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    forward.on('error', () => res.destroy())
    res.on('close', () => forward.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}
