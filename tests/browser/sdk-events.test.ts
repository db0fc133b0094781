// What the built browser SDK reports for the guard, in Chromium against the stand-in flag
// server on another origin: exposures per variation, tracked metrics attributed to the
// variation served, flushes on close and when the page is hidden or left, retries with the
// same batch id, the bounded queue, and sendEvents: false.
import { afterEach, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import type { EventBatch } from '@andon/core'
import { FAKE_KEY, startFakeFlagServer, type FakeFlagServer } from './fake-flag-server.js'
import { EVENTS_PAGE, useBrowserRig } from './support.js'

/** The client in the page, as the tests call it. */
interface Flags {
  isEnabled(flag: string): boolean
  track(metric: string, value?: number): void
  identify(context: object): Promise<void>
  waitForReady(timeoutMs: number): Promise<boolean>
  flush(): Promise<void>
  close(): Promise<void>
}
declare const flags: Flags

const rig = useBrowserRig({ '/events.html': EVENTS_PAGE })
let server: FakeFlagServer
let context: BrowserContext

afterEach(async () => {
  await context?.close()
  await server?.close()
})

/** `checkout` serves true (variation 1) to pro users, false to the others; guards watch it. */
async function start(): Promise<void> {
  server = await startFakeFlagServer()
  server.setFlag('checkout', true, {
    rules: [
      {
        id: 'pro',
        clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
        serve: { variation: 1 },
      },
    ],
    fallthrough: { variation: 0 },
    metrics: ['checkout-error', 'latency'],
  })
}

async function openPage(extra = ''): Promise<Page> {
  context = await rig.browser.newContext()
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  // The server on another host name and port: a cross-origin page, as in production.
  const api = server.url.replace('127.0.0.1', 'localhost')
  await page.goto(
    `${rig.pages.url}/events.html?server=${encodeURIComponent(api)}&key=${FAKE_KEY}${extra}`,
  )
  await page.waitForFunction(() => 'flags' in window)
  expect(await page.evaluate(() => flags.waitForReady(5000))).toBe(true)
  return page
}

const exposuresOf = (batches: EventBatch[]) => batches.flatMap((b) => b.exposures)

describe('the browser SDK reporting to the server', () => {
  it('reports exposures per variation and tracked metrics per variation served', async () => {
    await start()
    const page = await openPage()
    await page.evaluate(async () => {
      flags.isEnabled('checkout')
      flags.isEnabled('checkout')
      flags.track('latency', 100)
      await flags.identify({ key: 'user-2', plan: 'pro' })
      flags.isEnabled('checkout')
      flags.track('latency', 50)
      flags.track('checkout-error')
      await flags.flush()
    })

    expect(server.batches).toHaveLength(1)
    const [seen] = server.batches
    expect(seen!.batch.id).toMatch(/^[0-9a-f]{32}$/)
    expect(seen!.batch.exposures).toEqual([
      { flag: 'checkout', variation: 0, count: 2 },
      { flag: 'checkout', variation: 1, count: 1 },
    ])
    expect(seen!.batch.metrics).toEqual([
      { metric: 'latency', flag: 'checkout', variation: 0, count: 1, sum: 100, sumSquares: 10_000 },
      { metric: 'latency', flag: 'checkout', variation: 1, count: 1, sum: 50, sumSquares: 2500 },
      { metric: 'checkout-error', flag: 'checkout', variation: 1, count: 1, sum: 0, sumSquares: 0 },
    ])
    // JSON with the key in the query, allowed across origins by the preflight.
    expect(seen!.contentType).toBe('application/json')
    expect(seen!.authorization).toBeUndefined()
    expect(server.preflights).toContain('/sdk/v1/events')
  })

  it('posts what is left on close', async () => {
    await start()
    const page = await openPage()
    await page.evaluate(() => {
      flags.isEnabled('checkout')
      void flags.close() // not awaited: the post is on its way all the same
    })
    await expect
      .poll(() => exposuresOf(server.accepted()), { timeout: 5000 })
      .toEqual([{ flag: 'checkout', variation: 0, count: 1 }])
  })

  it('posts what is left when the page is left', async () => {
    await start()
    const page = await openPage('&plan=pro')
    await page.evaluate(() => {
      flags.isEnabled('checkout')
      flags.track('checkout-error')
    })
    await page.goto('about:blank') // pagehide: a keepalive post outlives the page
    await expect.poll(() => server.accepted(), { timeout: 5000 }).toHaveLength(1)
    const [batch] = server.accepted()
    expect(batch!.exposures).toEqual([{ flag: 'checkout', variation: 1, count: 1 }])
    expect(batch!.metrics).toHaveLength(1)
  })

  it('posts what is left when the page is hidden', async () => {
    await start()
    const page = await openPage()
    await page.evaluate(() => {
      flags.isEnabled('checkout')
      // Headless Chromium never hides a page: hide it as the browser would, then tell it.
      Object.defineProperty(document, 'hidden', { value: true, configurable: true })
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    })
    await expect
      .poll(() => exposuresOf(server.accepted()), { timeout: 5000 })
      .toEqual([{ flag: 'checkout', variation: 0, count: 1 }])
  })

  it('retries a batch the server failed with the same id, counted once', async () => {
    await start()
    const page = await openPage()
    server.control.eventsStatus = 500
    await page.evaluate(async () => {
      flags.isEnabled('checkout')
      await flags.flush()
    })
    server.control.eventsStatus = 202
    await page.evaluate(() => flags.flush())

    expect(server.batches.map((b) => b.status)).toEqual([500, 202])
    expect(server.batches[1]!.batch.id).toBe(server.batches[0]!.batch.id)
    expect(server.batches[1]!.batch).toEqual(server.batches[0]!.batch)
  })

  it('keeps at most 20 unsent batches and reports the events of those it dropped', async () => {
    await start()
    const page = await openPage()
    server.control.eventsStatus = 503
    await page.evaluate(async () => {
      for (let i = 0; i < 22; i++) {
        flags.isEnabled('checkout')
        await flags.flush()
      }
    })
    server.control.eventsStatus = 202
    await page.evaluate(() => flags.flush())

    const accepted = server.accepted()
    expect(accepted).toHaveLength(20)
    const exposures = exposuresOf(accepted).reduce((n, e) => n + e.count, 0)
    const dropped = accepted.reduce((n, b) => n + b.dropped, 0)
    expect({ exposures, dropped }).toEqual({ exposures: 20, dropped: 2 })
  })

  it('sends nothing with sendEvents: false', async () => {
    await start()
    const page = await openPage('&events=0')
    await page.evaluate(async () => {
      flags.isEnabled('checkout')
      flags.track('checkout-error')
      await flags.flush() // with reporting on, this resolves once the server has the batch
      await flags.close()
    })
    expect(server.batches).toEqual([])
    expect(server.requests.filter((r) => r.path === '/sdk/v1/events')).toEqual([])
  })
})
