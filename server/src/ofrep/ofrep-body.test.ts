import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

/** The harness's app on a real socket: the body is then read from Node's request. */
async function served() {
  const h = await createHarness()
  await h.call('POST', '/api/v1/flags', { body: { key: 'new-checkout' } })
  await h.call('PATCH', '/api/v1/flags/new-checkout/environments/production', {
    body: {
      enabled: true,
      rules: [
        { clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }], serve: { variation: 1 } },
      ],
      fallthrough: { variation: 0 },
    },
  })
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  stops.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { h, port: (server.address() as AddressInfo).port }
}

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

interface Sent {
  /** The body's parts, sent this many milliseconds apart. */
  parts: (string | Buffer)[]
  gapMs?: number
  /** Without it, the body goes chunked. */
  contentLength?: boolean
}

/** POSTs a single evaluation over HTTP, the body written as the test says. */
function post(port: number, h: Harness, path: string, sent: Sent) {
  const length = sent.parts.reduce((n, p) => n + Buffer.byteLength(p), 0)
  return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/ofrep/v1/evaluate/flags/${path}`,
        headers: {
          Authorization: `Bearer ${h.key('production', 'server')}`,
          'Content-Type': 'application/json',
          ...(sent.contentLength === false ? {} : { 'Content-Length': String(length) }),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    const [first, ...rest] = sent.parts
    req.write(first ?? '')
    void (async () => {
      for (const part of rest) {
        await new Promise((r) => setTimeout(r, sent.gapMs ?? 30))
        req.write(part)
      }
      req.end()
    })()
  })
}

const sweden = JSON.stringify({ context: { targetingKey: 'u1', country: 'SE' } })
const answer = {
  key: 'new-checkout',
  value: true,
  reason: 'TARGETING_MATCH',
  variant: '1',
  metadata: { version: expect.any(Number), environment: 'production' },
}

describe('the body of an OFREP request over HTTP', () => {
  it('is read whole when it came with the headers, and when it arrives later in parts', async () => {
    const { h, port } = await served()
    expect(await post(port, h, 'new-checkout', { parts: [sweden] })).toEqual({
      status: 200,
      json: answer,
    })
    const split = [sweden.slice(0, 10), sweden.slice(10, 30), sweden.slice(30)]
    expect(await post(port, h, 'new-checkout', { parts: split })).toEqual({
      status: 200,
      json: answer,
    })
    expect(await post(port, h, 'new-checkout', { parts: split, contentLength: false })).toEqual({
      status: 200,
      json: answer,
    })
  })

  it('drops a byte order mark as text() does, and is a PARSE_ERROR when it is not JSON', async () => {
    const { h, port } = await served()
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sweden)])
    expect(await post(port, h, 'new-checkout', { parts: [bom] })).toEqual({
      status: 200,
      json: answer,
    })
    expect(await post(port, h, 'new-checkout', { parts: ['{"context":'] })).toEqual({
      status: 400,
      json: { key: 'new-checkout', errorCode: 'PARSE_ERROR', errorDetails: 'the body is not JSON' },
    })
    expect(await post(port, h, 'new-checkout', { parts: [] })).toEqual({
      status: 400,
      json: { key: 'new-checkout', errorCode: 'PARSE_ERROR', errorDetails: 'the body is not JSON' },
    })
  })

  it('answers one request after another on a kept-alive connection', async () => {
    const { h, port } = await served()
    const other = JSON.stringify({ context: { targetingKey: 'u2', country: 'NO' } })
    const results = await Promise.all(
      [sweden, other, sweden, other].map((body) =>
        post(port, h, 'new-checkout', { parts: [body] }),
      ),
    )
    expect(results.map((r) => (r.json as { value: boolean }).value)).toEqual([
      true,
      false,
      true,
      false,
    ])
  })
})
