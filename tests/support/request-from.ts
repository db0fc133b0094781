/**
 * HTTP requests from a chosen loopback address (`127.x.y.z` as the client's local address),
 * so that one test can speak as many network sources to a real server.
 */
import { request } from 'node:http'

export interface SourcedResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export interface SourcedRequest {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: SourcedRequest = {},
): Promise<SourcedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress })
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer in 10 s: ${url}`)))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** The `i`-th of many distinct loopback addresses, from 127.0.1.1 on. */
export function loopbackSource(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`
}
