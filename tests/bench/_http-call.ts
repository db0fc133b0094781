/**
 * One request of a bench's load, over node:http keep-alive connections: the load shares the
 * machine with the servers it measures, and fetch spends about three times the CPU per request.
 * A body goes as JSON with its length. Answers the status and the size of the answer's body.
 */
import { request, type Agent } from 'node:http'

export function httpCall(
  agent: Agent,
  url: string,
  method: string,
  token: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; bytes: number }> {
  const data = body === undefined ? undefined : JSON.stringify(body)
  const json =
    data === undefined
      ? {}
      : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data)) }
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: { Authorization: `Bearer ${token}`, ...extra, ...json } },
      (res) => {
        let bytes = 0
        res.on('data', (d: Buffer) => (bytes += d.length))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}
