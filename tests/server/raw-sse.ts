/**
 * A raw HTTP SSE client over node:http: what the benchmark's clients and the process tests
 * use, with no EventSource library between the bytes and the assertions.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http'
import { parseSse, type SseEvent } from '../../server/src/testing/sse-reader.js'

export interface RawStream {
  status: number
  response: IncomingMessage
  text(): string
  events(): SseEvent[]
  until(test: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>
  ended: Promise<void>
  close(): void
}

export function openStream(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined = undefined
    req = request(
      `${url}/sdk/v1/stream`,
      { agent: false, headers: { Authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        let text = ''
        const listeners = new Set<() => void>()
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          text += d
          for (const l of listeners) l()
        })
        const ended = new Promise<void>((done) => {
          const finish = () => {
            done()
            for (const l of listeners) l()
          }
          res.once('close', finish)
          res.once('error', finish)
        })
        let closed = false
        void ended.then(() => (closed = true))
        resolve({
          status: res.statusCode ?? 0,
          response: res,
          text: () => text,
          events: () => parseSse(text),
          ended,
          close: () => req?.destroy(),
          until(test, timeoutMs = 10_000) {
            return new Promise((ok, fail) => {
              const check = () => {
                const events = parseSse(text)
                if (test(events)) {
                  listeners.delete(check)
                  clearTimeout(timer)
                  ok(events)
                } else if (closed) {
                  listeners.delete(check)
                  clearTimeout(timer)
                  fail(new Error(`the stream closed first; it had:\n${text.slice(0, 2000)}`))
                }
              }
              const timer = setTimeout(() => {
                listeners.delete(check)
                fail(new Error(`timed out; the stream had:\n${text.slice(0, 2000)}`))
              }, timeoutMs)
              listeners.add(check)
              check()
            })
          },
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}
