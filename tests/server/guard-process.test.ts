/**
 * The immune system on a real server process over real sockets: a batch of events that shows
 * a regression switches the flag off, a connected stream gets the `patch`, and a real webhook
 * receiver gets the team's message.
 */
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { openStream } from './raw-sse.js'

let server: AndonServer
let receiver: Server
const received: unknown[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += String(d)))
    req.on('end', () => {
      received.push(JSON.parse(body))
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const address = receiver.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  server = await startAndonServer({
    env: { ANDON_WEBHOOK_URL: `http://127.0.0.1:${port}/andon` },
  })
})

afterAll(async () => {
  await server?.stop()
  await new Promise((resolve) => receiver?.close(resolve))
})

const until = async (test: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs
  while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  return test()
}

describe('a guard on a real server', { timeout: 120_000 }, () => {
  it('switches the flag off on a decisive batch: the stream gets the patch, the webhook the message', async () => {
    const token = server.secrets.keys['production server'] as string
    await server.call('POST', '/api/v1/flags', { key: 'new-checkout' })
    const rollout = {
      variations: [
        { variation: 0, weight: 50000 },
        { variation: 1, weight: 50000 },
      ],
    }
    const on = await server.call('PATCH', '/api/v1/flags/new-checkout/environments/production', {
      enabled: true,
      fallthrough: { rollout },
    })
    expect(on.status).toBe(200)
    const guard = {
      metric: 'errors',
      kind: 'rate',
      worseWhen: 'higher',
      threshold: 0,
      action: 'disable',
    }
    const put = await server.call(
      'PUT',
      '/api/v1/flags/new-checkout/environments/production/guards',
      [guard],
    )
    expect(put.status).toBe(200)

    const stream = await openStream(server.url, token)
    await stream.until((e) => e.some((x) => x.event === 'put'))
    const res = await fetch(`${server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: 'process-test-batch-1',
        startedAt: 1,
        endedAt: 2,
        exposures: [
          { flag: 'new-checkout', variation: 0, count: 2000 },
          { flag: 'new-checkout', variation: 1, count: 2000 },
        ],
        metrics: [
          {
            metric: 'errors',
            flag: 'new-checkout',
            variation: 0,
            count: 20,
            sum: 20,
            sumSquares: 20,
          },
          {
            metric: 'errors',
            flag: 'new-checkout',
            variation: 1,
            count: 200,
            sum: 200,
            sumSquares: 200,
          },
        ],
        dropped: 0,
      }),
    })
    expect(res.status).toBe(202)

    const events = await stream.until((e) => e.some((x) => x.event === 'patch'))
    const patch = JSON.parse(events.find((e) => e.event === 'patch')?.data as string)
    expect(patch).toMatchObject({ kind: 'flag', key: 'new-checkout', value: { enabled: false } })
    stream.close()

    expect(await until(() => received.length > 0)).toBe(true)
    expect(received[0]).toMatchObject({
      flag: 'new-checkout',
      environment: 'production',
      metric: 'errors',
      action: 'disable',
      figures: {
        control: { exposures: 2000, count: 20 },
        treatment: { exposures: 2000, count: 200 },
      },
    })
    expect((received[0] as { text: string }).text).toContain('switched off `new-checkout`')
    const guards = await server.call(
      'GET',
      '/api/v1/flags/new-checkout/environments/production/guards',
    )
    expect(guards.json.guards[0].state).toBe('tripped')
  })
})
