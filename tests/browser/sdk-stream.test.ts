// The built browser SDK in Chromium against a stand-in flag server on another origin: live
// updates, the cache on reload, resuming a dropped stream, and the polling fallback.
import { afterEach, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { FAKE_KEY, startFakeFlagServer, type FakeFlagServer } from './fake-flag-server.js'
import { FLAG_PAGE, useBrowserRig } from './support.js'

const rig = useBrowserRig({ '/page.html': FLAG_PAGE })
let flags: FakeFlagServer
let context: BrowserContext

afterEach(async () => {
  await context?.close()
  await flags?.close()
})

async function openPage(flag: string, extra = ''): Promise<Page> {
  context = await rig.browser.newContext()
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  // The server on another port and another host name: a cross-origin page, as in production.
  const server = flags.url.replace('127.0.0.1', 'localhost')
  const query = `server=${encodeURIComponent(server)}&key=${FAKE_KEY}&flag=${flag}${extra}`
  await page.goto(`${rig.pages.url}/page.html?${query}`)
  return page
}

const shown = (page: Page) => page.locator('#flag').textContent()

describe('the browser SDK in Chromium', () => {
  it('shows a flag turned on within a second, from a page on another origin', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('banner', false)
    const page = await openPage('banner')
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    expect(await shown(page)).toBe('false')

    const started = Date.now()
    flags.setFlag('banner', true)
    await page.waitForFunction(
      () => document.querySelector('#flag')?.textContent === 'true',
      null,
      {
        timeout: 1000,
      },
    )
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('shows the cached values at once after a reload with the server down', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('banner', true)
    const page = await openPage('banner')
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'true')
    await flags.close()

    // Module scripts run before DOMContentLoaded: what shows then is the first render.
    await page.reload({ waitUntil: 'domcontentloaded' })
    expect(await shown(page)).toBe('true')
    expect(await page.locator('#source').textContent()).toBe('cache')
  })

  it('resumes a dropped stream with Last-Event-ID and misses no change', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('banner', false)
    const page = await openPage('banner')
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    const before = flags.version()

    flags.dropStreams()
    flags.setFlag('banner', true) // while nobody listens: only a replay can bring it
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'true')
    const resumed = flags.requests.filter((r) => r.path === '/sdk/v1/stream').at(-1)
    expect(resumed?.lastEventId).toBe(String(before))
  })

  it('resumes after the cached version on the next page load', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('banner', true)
    const page = await openPage('banner')
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    await page.reload()
    await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'server')
    const streams = flags.requests.filter((r) => r.path === '/sdk/v1/stream')
    expect(streams[0]!.query.get('lastEventId')).toBeNull()
    expect(streams.at(-1)!.query.get('lastEventId')).toBe(String(flags.version()))
  })

  it('falls back to polling with If-None-Match when the stream keeps failing', async () => {
    flags = await startFakeFlagServer()
    flags.control.streamStatus = 502
    flags.setFlag('banner', true)
    const page = await openPage('banner', '&failures=2&poll=200')
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'true')
    flags.setFlag('banner', false)
    await page.waitForFunction(() => document.querySelector('#flag')?.textContent === 'false')

    const polls = flags.requests.filter((r) => r.path === '/sdk/v1/flags')
    expect(polls[0]!.ifNoneMatch).toBeUndefined()
    expect(polls.some((r) => r.ifNoneMatch === '"2"')).toBe(true)
    const status = await page.evaluate(() => (window as unknown as { flags: Flags }).flags.status())
    expect(status).toMatchObject({ connection: 'polling', ready: true, stale: false })
  })
})

interface Flags {
  status(): Record<string, unknown>
}
