// The React bindings in Chromium: a component re-renders only when a flag it reads changes
// its value, not on other flags, not on changes that leave its value alone, not on status;
// and server-rendered HTML hydrates without a mismatch.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'
import { createBrowserClient, type Payload } from '@andon/sdk-browser'
import { AndonProvider } from '@andon/sdk-browser/react'
import { App } from './fixtures/react-components.js'
import { FAKE_KEY, startFakeFlagServer, type FakeFlagServer } from './fake-flag-server.js'
import { launchChromium, listen, repoRoot, type HttpServer } from './support.js'

const APP_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>react</title>
<div id="root"></div>
<script type="module" src="/app.js"></script>
`

let appDir: string
let browser: Browser
let pages: HttpServer
let flags: FakeFlagServer
/** Pages a test adds, by path. */
const morePages: Record<string, string> = {}

/** Bundles the fixture app with React and the SDK's sources into a temporary folder. */
async function buildApp(): Promise<string> {
  const { build } = await import('vite')
  const dir = mkdtempSync(join(tmpdir(), 'andon-react-app-'))
  const src = (path: string) => join(repoRoot, path)
  await build({
    configFile: false,
    root: src('tests/browser/fixtures'),
    logLevel: 'silent',
    resolve: {
      alias: [
        {
          find: /^@andon\/sdk-browser\/react$/,
          replacement: src('sdk-browser/src/react/index.ts'),
        },
        { find: /^@andon\/sdk-browser$/, replacement: src('sdk-browser/src/index.ts') },
        { find: /^@andon\/core$/, replacement: src('core/src/index.ts') },
      ],
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: src('tests/browser/fixtures/react-app.ts'), formats: ['es'], fileName: 'app' },
    },
  })
  return dir
}

beforeAll(async () => {
  ;[appDir, browser] = await Promise.all([buildApp(), launchChromium()])
  const app = readFileSync(join(appDir, 'app.js'))
  pages = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/app.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(app)
    else if (path === '/app.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end(APP_PAGE)
    else if (morePages[path] !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(morePages[path])
    } else res.writeHead(404).end()
  })
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
  if (appDir) rmSync(appDir, { recursive: true, force: true })
})

afterEach(async () => {
  await flags?.close()
})

type Renders = Record<string, number>
const rendersOf = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { renders: Renders }).renders }))
const textOf = (page: Page, id: string) => page.locator(`#${id}`).textContent()

/** Serves `plan: pro` variation 0 of a boolean flag whose fallthrough serves 1. */
const proGetsFalse = {
  rules: [
    {
      id: 'pro',
      clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
      serve: { variation: 0 },
    },
  ],
}

describe('the React bindings in Chromium', () => {
  it('re-render a component only when a flag it reads changes its value', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('a', false)
    flags.setFlag('b', true)
    flags.setFlag('banner', true, { variations: ['none', 'sale'] })
    const page = await browser.newPage()
    page.setDefaultTimeout(10_000)
    await page.goto(`${pages.url}/app.html?server=${encodeURIComponent(flags.url)}&key=${FAKE_KEY}`)
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'server')
    expect([
      await textOf(page, 'a'),
      await textOf(page, 'b'),
      await textOf(page, 'banner'),
    ]).toEqual(['false', 'true', 'sale'])
    const start = await rendersOf(page)

    // One flag changes: only its component renders again.
    flags.setFlag('a', true)
    await page.waitForFunction(() => document.querySelector('#a')?.textContent === 'true')
    // A change to b that leaves its value for this context alone, then one to a to know
    // that the first was applied: b must not render.
    flags.setFlag('b', true, proGetsFalse)
    flags.setFlag('a', false)
    await page.waitForFunction(() => document.querySelector('#a')?.textContent === 'false')
    const afterPatches = await rendersOf(page)
    // (The status reader renders too: the status carries the environment version.)
    expect({ ...afterPatches, status: 0 }).toEqual({
      ...start,
      a: start.a! + 2,
      clicker: start.clicker! + 2, // it reads a too
      status: 0,
    })

    // A new context: locally re-evaluated, and b (now false for pro) is the only change.
    await page.evaluate(() =>
      (window as unknown as { flags: { identify(c: object): Promise<void> } }).flags.identify({
        key: 'user-1',
        plan: 'pro',
      }),
    )
    await page.waitForFunction(() => document.querySelector('#b')?.textContent === 'false')
    expect(await rendersOf(page)).toEqual({ ...afterPatches, b: afterPatches.b! + 1 })
    expect(afterPatches.b).toBe(start.b)

    // The status changes (the server goes away): the status reader renders, flag readers do not.
    const beforeOutage = await rendersOf(page)
    await flags.close()
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.includes('stale'),
    )
    const afterOutage = await rendersOf(page)
    expect(afterOutage.status).toBeGreaterThan(beforeOutage.status!)
    expect({ ...afterOutage, status: 0 }).toEqual({ ...beforeOutage, status: 0 })
    await page.close()
  })

  it('count an exposure per mount and change of variation, not per render, and track', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('a', false, { metrics: ['clicks'] })
    flags.setFlag('b', true)
    flags.setFlag('banner', true, { variations: ['none', 'sale'] })
    const page = await browser.newPage()
    page.setDefaultTimeout(10_000)
    await page.goto(`${pages.url}/app.html?server=${encodeURIComponent(flags.url)}&key=${FAKE_KEY}`)
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'server')
    const flush = () =>
      page.evaluate(() =>
        (window as unknown as { flags: { flush(): Promise<void> } }).flags.flush(),
      )
    /** The exposures of flag a in the batches posted since the last call, by variation. */
    let seen = 0
    const exposuresOfA = async () => {
      await flush()
      const counts: number[] = []
      for (const { batch } of flags.batches.slice(seen)) {
        for (const e of batch.exposures) {
          if (e.flag === 'a') counts[e.variation] = (counts[e.variation] ?? 0) + e.count
        }
      }
      seen = flags.batches.length
      return counts
    }

    // Two components read a: one exposure each, for the variation they show.
    expect(await exposuresOfA()).toEqual([2])
    // Three clicks render the clicker three more times: no evaluation counted, three tracked
    // clicks, which stand for as many exposures (a batch never has more events than exposures).
    for (let i = 1; i <= 3; i++) {
      await page.click('#clicker')
      await page.waitForFunction(
        (n) => document.querySelector('#clicker')?.textContent === `${n} false`,
        i,
      )
    }
    expect((await rendersOf(page)).clicker).toBeGreaterThanOrEqual(4)
    expect(await exposuresOfA()).toEqual([3])
    const clicks = flags.batches.at(-1)!.batch.metrics
    expect(clicks).toEqual([
      { metric: 'clicks', flag: 'a', variation: 0, count: 3, sum: 0, sumSquares: 0 },
    ])
    // a changes: both components show variation 1, one exposure each.
    flags.setFlag('a', true, { metrics: ['clicks'] })
    await page.waitForFunction(() => document.querySelector('#clicker')?.textContent === '3 true')
    expect(await exposuresOfA()).toEqual([undefined, 2])
    await page.close()
  })

  it('hydrate server-rendered HTML without a mismatch, then show what the client holds', async () => {
    flags = await startFakeFlagServer()
    flags.setFlag('a', true)
    flags.setFlag('banner', true, { variations: ['none', 'sale'] })
    const query = `server=${encodeURIComponent(flags.url)}&key=${FAKE_KEY}`
    const context = await browser.newContext()
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(`${pages.url}/app.html?${query}`) // a first visit fills the cache
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'server')
    await flags.close()

    const serverRender = (bootstrap?: Payload) => {
      const client = createBrowserClient({
        baseUrl: flags.url,
        clientKey: FAKE_KEY,
        context: { key: 'user-1', plan: 'free' },
        bootstrap,
        storage: null,
      })
      const html = renderToString(h(AndonProvider, { client }, h(App)))
      return `<!doctype html><meta charset="utf-8"><div id="root">${html}</div>
<script>window.bootstrap = ${JSON.stringify(bootstrap ?? null)}</script>
<script type="module" src="/app.js"></script>`
    }
    const hydrationErrors = () =>
      page.evaluate(() => (window as unknown as { hydrationErrors: string[] }).hydrationErrors)

    // Rendered without a bootstrap: the defaults. Hydrated, then the cached values.
    morePages['/plain.html'] = serverRender()
    expect(morePages['/plain.html']).toContain('<span id="a">false</span>')
    await page.goto(`${pages.url}/plain.html?hydrate&${query}`)
    await page.waitForFunction(() => document.querySelector('#a')?.textContent === 'true')
    expect(await textOf(page, 'banner')).toBe('sale')
    expect(await hydrationErrors()).toEqual([])

    // Rendered with a bootstrap: it wins over the cache, before and after hydration.
    const bootstrap: Payload = {
      schemaVersion: 1,
      environment: 'test',
      version: 90,
      flags: {
        a: {
          key: 'a',
          version: 90,
          enabled: false,
          variations: [false, true],
          offVariation: 0,
          fallthrough: { variation: 1 },
        },
      },
      segments: {},
    }
    morePages['/bootstrapped.html'] = serverRender(bootstrap)
    expect(morePages['/bootstrapped.html']).toContain('<span id="status">bootstrap</span>')
    await page.goto(`${pages.url}/bootstrapped.html?hydrate&${query}`)
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.includes('stale'),
    )
    expect(await textOf(page, 'a')).toBe('false')
    expect(await textOf(page, 'banner')).toBe('none')
    expect(await hydrationErrors()).toEqual([])
    await context.close()
  })
})
