// The built browser SDK in Chromium against the real server (a child process): nothing
// private reaches a client key, a flag turned on through the admin API shows within a
// second on a page of another origin, a reload with the server down shows the cache, and
// the exposures and metrics the page reports are what the guard counts, once per batch.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { readRaw } from './read-raw.js'
import {
  EVENTS_PAGE,
  FLAG_PAGE,
  buildSdk,
  launchChromium,
  servePages,
  type BuiltSdk,
  type HttpServer,
} from './support.js'

const ENV = 'production'

let sdk: BuiltSdk
let browser: Browser
let pages: HttpServer
let server: AndonServer
let clientKey: string
let serverKey: string

beforeAll(async () => {
  ;[sdk, browser, server] = await Promise.all([
    buildSdk(),
    launchChromium(),
    startAndonServer({ everyInterface: true }),
  ])
  pages = await servePages(sdk, { '/page.html': FLAG_PAGE, '/events.html': EVENTS_PAGE })
  const created = (kind: string) =>
    server.admin<{ key: string }>('POST', `/api/v1/environments/${ENV}/keys`, {
      kind,
      name: `browser tests ${kind}`,
    })
  clientKey = (await created('client')).key
  serverKey = (await created('server')).key
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
  await server?.stop()
  sdk?.remove()
})

interface PageFlags {
  waitForReady(timeoutMs: number): Promise<boolean>
  isEnabled(flag: string): boolean
  identify(context: object): Promise<void>
  track(metric: string, value?: number): void
  flush(): Promise<void>
}

/** The page, with the server named by another host and port than the page's own. */
function pageUrl(flag: string) {
  const api = `http://localhost:${server.port}`
  return `${pages.url}/page.html?server=${encodeURIComponent(api)}&key=${clientKey}&flag=${flag}`
}

describe('the browser SDK against the real server', () => {
  it('lets nothing of a private flag or its segment reach a client key', async () => {
    const id = randomUUID().slice(0, 8)
    const email = `canary-${randomUUID()}@example.com`
    const segment = `canary-segment-${id}`
    const secret = `canary-flag-${id}`
    const control = `control-${id}`
    const canaries = [email, segment, secret]

    // Listen as a client key before anything exists: the raw stream, and the SDK in a page.
    const stream = readRaw(`${server.url}/sdk/v1/stream?key=${clientKey}`)
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(pageUrl(control))
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')

    await server.admin('POST', `/api/v1/environments/${ENV}/segments`, {
      key: segment,
      included: [`user-${id}`],
      excluded: [],
      rules: [{ id: 'email', clauses: [{ attribute: 'email', op: 'in', values: [email] }] }],
    })
    await server.admin('POST', '/api/v1/flags', { key: secret })
    await server.admin('PATCH', `/api/v1/flags/${secret}/environments/${ENV}`, {
      enabled: true,
      rules: [
        {
          id: 'canaries',
          clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segment] }],
          serve: { variation: 1 },
        },
      ],
    })
    await server.admin('PATCH', `/api/v1/environments/${ENV}/segments/${segment}`, {
      excluded: [email],
    })
    // The control: a client-side flag changed last, so once it arrived everything before it had.
    await server.admin('POST', '/api/v1/flags', { key: control, clientSide: true })
    await server.admin('PATCH', `/api/v1/flags/${control}/environments/${ENV}`, { enabled: true })
    await stream.until(`"key":"${control}"`)
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'true')

    const seen: Record<string, string> = {}
    seen.stream = await stream.stop()
    seen['flags by query'] = await (
      await fetch(`${server.url}/sdk/v1/flags?key=${clientKey}`)
    ).text()
    seen['flags by header'] = await (
      await fetch(`${server.url}/sdk/v1/flags`, {
        headers: { Authorization: `Bearer ${clientKey}` },
      })
    ).text()
    const replay = readRaw(`${server.url}/sdk/v1/stream?key=${clientKey}`, {
      'Last-Event-ID': '1',
    })
    await replay.until(`"key":"${control}"`)
    seen['stream replayed from the first version'] = await replay.stop()
    seen['page storage'] = await page.evaluate(() => JSON.stringify({ ...localStorage }))
    await context.close()

    expect(seen.stream).toContain('event: patch')
    expect(seen['flags by query']).toContain(control)
    for (const [where, text] of Object.entries(seen)) {
      for (const canary of canaries) expect(text, `${canary} in ${where}`).not.toContain(canary)
    }
    // A server key does see them: the canaries exist, so the checks above can fail.
    const full = await (
      await fetch(`${server.url}/sdk/v1/flags`, {
        headers: { Authorization: `Bearer ${serverKey}` },
      })
    ).text()
    for (const canary of canaries) expect(full).toContain(canary)
  })

  it('polls through CORS with If-None-Match when streaming is off', async () => {
    const flag = `polled-${randomUUID().slice(0, 8)}`
    await server.admin('POST', '/api/v1/flags', { key: flag, clientSide: true })
    const context = await browser.newContext()
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const answers: { status: number; ifNoneMatch: string | undefined }[] = []
    page.on('response', (response) => {
      const request = response.request()
      if (request.method() === 'GET' && response.url().includes('/sdk/v1/flags')) {
        answers.push({ status: response.status(), ifNoneMatch: request.headers()['if-none-match'] })
      }
    })
    await page.goto(`${pageUrl(flag)}&streaming=0&poll=200`)
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    expect(answers[0]).toEqual({ status: 200, ifNoneMatch: undefined })
    // Unchanged polls cost a 304: the ETag crossed origins and came back.
    await expect
      .poll(() => answers.some((a) => a.status === 304 && a.ifNoneMatch !== undefined))
      .toBe(true)

    await server.admin('PATCH', `/api/v1/flags/${flag}/environments/${ENV}`, { enabled: true })
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'true')
    // The change came as a 200 to a conditional request.
    expect(answers.some((a) => a.status === 200 && a.ifNoneMatch !== undefined)).toBe(true)
    await context.close()
  })

  it('reports exposures and metrics that the guard counts per variation, once per batch', async () => {
    const flag = `guarded-${randomUUID().slice(0, 8)}`
    await server.admin('POST', '/api/v1/flags', { key: flag, clientSide: true })
    // On: plan free gets false (variation 0), the others the fallthrough's true (variation 1).
    await server.admin('PATCH', `/api/v1/flags/${flag}/environments/${ENV}`, {
      enabled: true,
      rules: [
        {
          id: 'free',
          clauses: [{ attribute: 'plan', op: 'in', values: ['free'] }],
          serve: { variation: 0 },
        },
      ],
    })
    const guardsPath = `/api/v1/flags/${flag}/environments/${ENV}/guards`
    // Guarding a metric lists it in the flag's metrics, which the page then attributes.
    await server.admin('PUT', guardsPath, [
      {
        metric: 'checkout-error',
        kind: 'rate',
        worseWhen: 'higher',
        threshold: 0.5,
        action: 'notify',
      },
    ])
    const context = await browser.newContext()
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const posted: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/sdk/v1/events')) {
        posted.push(request.postData() ?? '')
      }
    })
    // The page evaluates only when told (plan free to start with), and flushes when told.
    const api = `http://localhost:${server.port}`
    await page.goto(`${pages.url}/events.html?server=${encodeURIComponent(api)}&key=${clientKey}`)
    await page.waitForFunction(() => 'flags' in window)
    await page.evaluate(async (key) => {
      const flags = (window as unknown as { flags: PageFlags }).flags
      await flags.waitForReady(5000)
      flags.isEnabled(key)
      flags.isEnabled(key)
      flags.track('checkout-error')
      await flags.identify({ key: 'user-2', plan: 'pro' })
      flags.isEnabled(key)
      flags.track('checkout-error')
      flags.track('checkout-error')
      await flags.flush()
    }, flag)
    type Figures = { variation: number; exposures: number; count: number }
    const figures = async () => {
      const { guards } = await server.admin<{ guards: { variations: Figures[] }[] }>(
        'GET',
        guardsPath,
      )
      return guards[0]!.variations.map(({ variation, exposures, count }) => ({
        variation,
        exposures,
        count,
      }))
    }
    // Variation 1 was evaluated once and tracked twice: a batch never counts more events than
    // exposures, so its two events stand for two exposures.
    const counted = [
      { variation: 0, exposures: 2, count: 1 },
      { variation: 1, exposures: 2, count: 2 },
    ]
    expect(await figures()).toEqual(counted)

    // Each batch again, as a retry after a lost answer would send it: counted once.
    expect(posted.length).toBeGreaterThan(0)
    for (const body of posted) {
      const res = await fetch(`${server.url}/sdk/v1/events?key=${clientKey}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      expect(res.status).toBe(202)
      expect(await res.json()).toMatchObject({ duplicate: true })
    }
    expect(await figures()).toEqual(counted)
    await context.close()
  })

  it('shows a flag turned on through the admin API within a second, across origins', async () => {
    const flag = `browser-banner-${randomUUID().slice(0, 8)}`
    await server.admin('POST', '/api/v1/flags', { key: flag, clientSide: true })
    const context = await browser.newContext()
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(pageUrl(flag))
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    expect(await page.locator('#flag').textContent()).toBe('false')

    await server.admin('PATCH', `/api/v1/flags/${flag}/environments/${ENV}`, { enabled: true })
    const answered = Date.now()
    await page.waitForFunction(
      () => document.querySelector('#flag')?.textContent === 'true',
      null,
      {
        timeout: 1000,
      },
    )
    const elapsed = Date.now() - answered
    console.log(`admin API answered -> page shows the flag: ${elapsed} ms`)
    expect(elapsed).toBeLessThan(1000)

    // Reloaded with the server down: the cached value, in the first render.
    await server.stop()
    await page.reload({ waitUntil: 'domcontentloaded' })
    expect(await page.locator('#flag').textContent()).toBe('true')
    expect(await page.locator('#source').textContent()).toBe('cache')
    await context.close()
  })
})
