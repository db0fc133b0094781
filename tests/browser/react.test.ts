// The React bindings in Chromium: a component re-renders only when a flag it reads changes
// its value, not on other flags, not on changes that leave its value alone, not on status.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
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
    else res.writeHead(404).end()
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
    expect({ ...afterPatches, status: 0 }).toEqual({ ...start, a: start.a! + 2, status: 0 })

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
})
