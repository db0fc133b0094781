/**
 * OpenFeature's gherkin suite against the web provider (`@andon/sdk-browser/openfeature`) in
 * OpenFeature's web SDK, in real Chromium, on the real server with the suite's flags created
 * through the admin API (client-side, read with a client key). Its `not ready`, `error` and
 * `stale` providers talk to servers that never answer or are down; its `fatal` one uses a key
 * the real server refuses.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, listen, type HttpServer } from '../browser/support.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { WEB_PAGE } from './fixtures/web-page.js'
import { runSuite } from './gherkin-suite.js'
import type { Evaluated, Evaluation, Harness, ProviderKind } from './harness.js'
import { createSuiteFlags } from './suite-flags.js'
import { bundleWebSuite } from './web-bundle.js'
import { startUnreachable, type Unreachable } from './unreachable.js'

const ENV = 'production'

let server: AndonServer
let unreachable: Unreachable
let browser: Browser
let pages: HttpServer
let page: Page
let bootstrap: unknown

beforeAll(async () => {
  let code: string
  ;[code, browser, server, unreachable] = await Promise.all([
    bundleWebSuite(),
    launchChromium(),
    startAndonServer({ everyInterface: true }),
    startUnreachable('localhost'),
  ])
  pages = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/suite.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end(WEB_PAGE)
    else if (path === '/of-web.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code)
    } else res.writeHead(404).end()
  })
  await createSuiteFlags(server, ENV)
  const clientKey = server.secrets.keys[`${ENV} client`]!
  const payload = await fetch(`${server.url}/sdk/v1/flags`, {
    headers: { Authorization: `Bearer ${clientKey}` },
  })
  bootstrap = await payload.json()
  const config = {
    api: `http://localhost:${server.port}`,
    clientKey,
    silentUrl: unreachable.silentUrl,
    downUrl: unreachable.downUrl,
  }
  page = await (await browser.newContext()).newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${pages.url}/suite.html?config=${encodeURIComponent(JSON.stringify(config))}`)
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true)
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
  await unreachable?.close()
  await server?.stop()
})

type PageApi = {
  provider(kind: ProviderKind, bootstrap: unknown): Promise<string>
  providerStatus(domain: string): string
  evaluate(domain: string, e: Evaluation): Promise<Evaluated>
}
const harness: Harness = {
  provider: (kind) =>
    page.evaluate(([k, b]) => (window as unknown as PageApi).provider(k, b), [
      kind,
      bootstrap,
    ] as const),
  status: (domain) =>
    page.evaluate((d) => (window as unknown as PageApi).providerStatus(d), domain),
  evaluate: (domain, e) =>
    page.evaluate(([d, ev]) => (window as unknown as PageApi).evaluate(d, ev), [
      domain,
      e,
    ] as const),
}
runSuite('web', () => harness)
