/**
 * Closing OpenFeature closes Andon's providers and every connection they hold: the stream,
 * and polling while the stream is refused. Both providers, the real server behind a proxy
 * that counts what they ask for; the web provider in Chromium.
 */
import { OpenFeature } from '@openfeature/server-sdk'
import { AndonProvider } from '@andon/sdk-node/openfeature'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, listen, type HttpServer } from '../browser/support.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { startCountingProxy, type CountingProxy } from './counting-proxy.js'
import { bundleWebSuite } from './web-bundle.js'

const ENV = 'production'
const POLL_MS = 100

let server: AndonServer
let proxy: CountingProxy

beforeAll(async () => {
  server = await startAndonServer({ everyInterface: true })
  await server.admin('POST', '/api/v1/flags', { key: 'checkout', clientSide: true })
})

afterAll(async () => {
  await proxy?.close()
  await server?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean, what: string) {
  for (const started = Date.now(); !check();) {
    if (Date.now() - started > 10_000) throw new Error(`no ${what} in 10 s`)
    await sleep(10)
  }
}

/**
 * Waits a few poll intervals and says whether anything was asked for meanwhile. A request
 * sent just before the close may reach the proxy just after it (Chromium's network process
 * is busy on a loaded machine), so the count starts one interval after the close; a
 * provider still polling would ask again within the intervals that follow.
 */
async function quietFor(ms: number): Promise<string[]> {
  await sleep(POLL_MS)
  const before = proxy.paths.length
  await sleep(ms)
  return proxy.paths.slice(before)
}

describe('closing the Node provider', () => {
  it('closes its stream, and stops polling', async () => {
    proxy = await startCountingProxy(server.url)
    const options = {
      baseUrl: proxy.url,
      sdkKey: server.secrets.keys[`${ENV} server`]!,
      sendEvents: false,
      pollAfterFailures: 1,
      pollIntervalMs: POLL_MS,
      backoff: { initialMs: 20, maxMs: 50 },
    }
    await OpenFeature.setProviderAndWait('streaming', new AndonProvider(options))
    expect(proxy.openStreams()).toBe(1)
    await OpenFeature.close()
    await until(() => proxy.openStreams() === 0, 'closed stream')
    expect(await quietFor(3 * POLL_MS)).toEqual([])

    proxy.refuseStreams = true
    await OpenFeature.setProviderAndWait('polling', new AndonProvider(options))
    await until(() => proxy.paths.filter((p) => p === '/sdk/v1/flags').length >= 2, 'polls')
    await OpenFeature.close()
    expect(await quietFor(5 * POLL_MS)).toEqual([])
    await proxy.close()
  })
})

describe('closing the web provider', () => {
  let browser: Browser
  let pages: HttpServer

  beforeAll(async () => {
    let code: string
    ;[code, browser] = await Promise.all([bundleWebSuite(), launchChromium()])
    pages = await listen((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (path === '/close.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)
      else if (path === '/of-web.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code)
      } else res.writeHead(404).end()
    })
  })

  afterAll(async () => {
    await browser?.close()
    await pages?.close()
  })

  const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="module">
  import { OpenFeature, createBrowserClient, AndonOpenFeatureProvider } from '/of-web.js'
  const q = new URLSearchParams(location.search)
  window.openProvider = async (domain) => {
    const client = createBrowserClient({
      baseUrl: q.get('api'),
      clientKey: q.get('key'),
      storage: null,
      sendEvents: false,
      streamFailuresBeforePolling: 1,
      pollIntervalMs: ${POLL_MS},
    })
    await OpenFeature.setProviderAndWait(domain, new AndonOpenFeatureProvider(client))
    return OpenFeature.getClient(domain).getBooleanValue('checkout', true)
  }
  window.closeAll = () => OpenFeature.close()
  window.ready = true
</script>`

  it('closes its client: the stream, and polling', async () => {
    proxy = await startCountingProxy(server.url)
    const page = await (await browser.newContext()).newPage()
    const api = proxy.url.replace('127.0.0.1', 'localhost')
    const key = server.secrets.keys[`${ENV} client`]!
    await page.goto(`${pages.url}/close.html?api=${encodeURIComponent(api)}&key=${key}`)
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true)
    type Api = { openProvider(domain: string): Promise<boolean>; closeAll(): Promise<void> }
    const call = (name: 'openProvider' | 'closeAll', domain = '') =>
      page.evaluate(([n, d]) => (window as unknown as Api)[n as 'openProvider'](d!), [name, domain])

    expect(await call('openProvider', 'streaming')).toBe(false) // served by the server: off
    await until(() => proxy.openStreams() === 1, 'an open stream')
    await call('closeAll')
    await until(() => proxy.openStreams() === 0, 'closed stream')
    expect(await quietFor(3 * POLL_MS)).toEqual([])

    proxy.refuseStreams = true
    expect(await call('openProvider', 'polling')).toBe(false)
    await until(() => proxy.paths.filter((p) => p === '/sdk/v1/flags').length >= 2, 'polls')
    await call('closeAll')
    expect(await quietFor(5 * POLL_MS)).toEqual([])
  })
})
