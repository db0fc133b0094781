/**
 * A release plan end to end: the real server process (its once-a-second release timer on),
 * real Node SDKs on the stream, holds of a few seconds. The plan ramps while the guard is
 * healthy; from the third step on, the released variation fails every other context; the
 * guard trips, the plan rolls back, and every SDK serves control to everyone. The webhook
 * heard each step and the rollback.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type AndonClient } from '@andon/sdk-node'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

const ENV = 'production'
const FLAG = 'new-checkout'
const path = `/api/v1/flags/${FLAG}/environments/${ENV}`

let server: AndonServer
const heard: { text: string; action: string; figures: { event?: string } }[] = []
const receiver = createServer((req: IncomingMessage, res) => {
  let body = ''
  req.on('data', (c) => (body += String(c)))
  req.on('end', () => {
    heard.push(JSON.parse(body))
    res.end()
  })
})
let clients: AndonClient[] = []

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  server = await startAndonServer({ env: { ANDON_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` } })
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  await server?.stop()
  receiver.close()
})

interface Release {
  status: string
  step: number
  reason: string | null
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('a release plan with real SDKs', () => {
  it('ramps while healthy, then rolls back a regression at the third step for every SDK', async () => {
    await server.admin('POST', '/api/v1/flags', { key: FLAG })
    await server.admin('PUT', `${path}/guards`, [
      {
        metric: 'checkout-error',
        kind: 'rate',
        worseWhen: 'higher',
        threshold: 0,
        minSamples: 100,
        action: 'disable',
      },
    ])
    const sdkKey = server.secrets.keys[`${ENV} server`]!
    clients = [0, 1, 2].map(() => createClient({ baseUrl: server.url, sdkKey }))
    await Promise.all(clients.map((c) => c.ready({ timeoutMs: 5000 })))

    const started = await server.call('POST', `${path}/release`, {
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 2 },
        { percent: 30, holdSeconds: 2 },
        { percent: 60, holdSeconds: 60 },
        { percent: 100, holdSeconds: 2 },
      ],
      maxExtensionSeconds: 60,
    })
    expect(started.status).toBe(201)

    let release: Release = started.json as Release
    let user = 0
    const stepsSeen = new Set<number>()
    const deadline = Date.now() + 60_000
    while (release.status === 'running' && Date.now() < deadline) {
      // Traffic through every SDK; the released variation fails every other context from the
      // third step (index 2) on.
      const bad = release.step >= 2
      for (const client of clients) {
        for (let i = 0; i < 60; i++) {
          const context = { key: `user-${user++}` }
          const on = client.isEnabled(FLAG, context)
          if (on && bad && user % 2 === 0) client.track('checkout-error', context)
        }
        await client.flush()
      }
      stepsSeen.add(release.step)
      await sleep(200)
      release = (await server.call('GET', `${path}/release`)).json as Release
    }

    expect(release.status).toBe('rolled-back')
    expect(release.reason).toMatch(/^regression: .*checkout-error/)
    expect([...stepsSeen]).toEqual([0, 1, 2])

    // The rollback reaches every SDK: everyone gets control.
    await expect
      .poll(
        () =>
          clients.every((c) =>
            Array.from({ length: 200 }, (_, i) => c.isEnabled(FLAG, { key: `after-${i}` })).every(
              (v) => !v,
            ),
          ),
        { timeout: 5000 },
      )
      .toBe(true)

    await expect
      .poll(() => heard.filter((h) => h.action === 'release').map((h) => h.figures.event), {
        timeout: 5000,
      })
      .toEqual(expect.arrayContaining(['started', 'step', 'stopped']))
    const steps = heard.filter((h) => h.figures.event === 'step')
    expect(steps.map((h) => h.text)).toEqual([
      expect.stringContaining('step 2, 30 %'),
      expect.stringContaining('step 3, 60 %'),
    ])
    expect(heard.some((h) => h.action === 'disable')).toBe(true)
  })
})
