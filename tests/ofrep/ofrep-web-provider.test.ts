/**
 * OpenFeature's OFREP web provider (`@openfeature/ofrep-web-provider`) in real Chromium, on a
 * page of another origin than the real server, with a client key: it gets values, never rules,
 * targets, segment members or server-only flags (the private browser mode), and an admin edit
 * reaches the page through the `eventStreams` of the bulk answer, with polling left off.
 */
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, listen, type HttpServer } from '../browser/support.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { repoRoot } from '../support/repo-root.js'

const ENV = 'production'
const id = randomUUID().slice(0, 8)
const canary = {
  user: `target-${id}`,
  email: `canary-${id}@example.com`,
  segment: `segment-${id}`,
  serverFlag: `server-only-${id}`,
}

/** The web SDK and the provider as one ES module, built in memory with vite. */
async function bundle(): Promise<string> {
  const { build } = await import('vite')
  const out = await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./fixtures/ofrep-web-entry.ts', import.meta.url)),
        formats: ['es'],
        fileName: 'ofrep-web',
      },
    },
  })
  const [result] = Array.isArray(out) ? out : [out]
  const chunk = (result as { output: { type: string; code?: string }[] }).output[0]!
  return chunk.code!
}

/** The page: the provider with the client key, polling off (its default), no local cache. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>ofrep</title>
<script type="module">
  import { OpenFeature, OFREPWebProvider, ProviderEvents } from '/ofrep-web.js'
  const q = new URLSearchParams(location.search)
  window.changes = 0
  await OpenFeature.setContext({ targetingKey: 'user-1', country: 'SE' })
  await OpenFeature.setProviderAndWait(
    new OFREPWebProvider({
      baseUrl: q.get('server'),
      headers: [['Authorization', 'Bearer ' + q.get('key')]],
      cacheMode: 'disabled',
    }),
  )
  const client = OpenFeature.getClient()
  client.addHandler(ProviderEvents.ConfigurationChanged, () => window.changes++)
  window.detail = (flag) => {
    const d = client.getBooleanDetails(flag, false)
    return { value: d.value, reason: d.reason, errorCode: d.errorCode }
  }
  window.ready = true
</script>`

let server: AndonServer
let browser: Browser
let pages: HttpServer

beforeAll(async () => {
  let code: string
  ;[code, browser, server] = await Promise.all([
    bundle(),
    launchChromium(),
    startAndonServer({ everyInterface: true }),
  ])
  pages = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/page.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)
    else if (path === '/ofrep-web.js')
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code)
    else res.writeHead(404).end()
  })
  await server.admin('POST', `/api/v1/environments/${ENV}/segments`, {
    key: canary.segment,
    included: [],
    excluded: [],
    rules: [{ id: 'email', clauses: [{ attribute: 'email', op: 'in', values: [canary.email] }] }],
  })
  await server.admin('POST', '/api/v1/flags', { key: 'new-checkout', clientSide: true })
  await server.admin('PATCH', `/api/v1/flags/new-checkout/environments/${ENV}`, {
    enabled: true,
    targets: [{ variation: 0, values: [canary.user] }],
    rules: [
      {
        id: 'canaries',
        clauses: [{ attribute: 'key', op: 'segmentMatch', values: [canary.segment] }],
        serve: { variation: 0 },
      },
      {
        id: 'sweden',
        clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }],
        serve: { variation: 1 },
      },
    ],
    fallthrough: { variation: 0 },
  })
  await server.admin('POST', '/api/v1/flags', { key: canary.serverFlag, clientSide: false })
  await server.admin('PATCH', `/api/v1/flags/${canary.serverFlag}/environments/${ENV}`, {
    enabled: true,
  })
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
  await server?.stop()
})

describe('the OFREP web provider in Chromium on the real server', () => {
  it('serves values without rules, and follows an admin edit through the event stream', async () => {
    const context = await browser.newContext()
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const api = `http://localhost:${server.port}`
    const bodies: { url: string; text: string }[] = []
    const requests: string[] = []
    let streamOpen = false
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`))
    page.on('response', async (r) => {
      const type = r.headers()['content-type'] ?? ''
      // Its headers come once the server subscribed it: an edit after that is told.
      if (r.url().startsWith(`${api}/ofrep/v1/event-stream?key=`)) streamOpen = r.status() === 200
      else if (r.url().startsWith(api) && !type.startsWith('text/event-stream')) {
        bodies.push({ url: r.url(), text: await r.text().catch(() => '') })
      }
    })
    const key = server.secrets.keys[`${ENV} client`]!
    await page.goto(`${pages.url}/page.html?server=${encodeURIComponent(api)}&key=${key}`)
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true)

    type Detail = { value: boolean; reason: string; errorCode?: string }
    const detail = (flag: string) =>
      page.evaluate((f) => (window as unknown as { detail(f: string): Detail }).detail(f), flag)
    expect(await detail('new-checkout')).toEqual({
      value: true,
      reason: 'TARGETING_MATCH',
      errorCode: undefined,
    })
    expect(await detail(canary.serverFlag)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    })
    await expect.poll(() => streamOpen).toBe(true)

    await server.admin('PATCH', `/api/v1/flags/new-checkout/environments/${ENV}`, {
      enabled: false,
    })
    await page.waitForFunction(() => (window as { changes?: number }).changes === 1)
    expect(await detail('new-checkout')).toMatchObject({ value: false, reason: 'DISABLED' })
    // The refetch was the event's doing: it carries the event's etag, and nothing polls.
    const posts = requests.filter((r) => r.startsWith(`POST ${api}/ofrep/v1/evaluate/flags`))
    expect(posts).toHaveLength(2)
    expect(posts[1]).toContain('flagConfigEtag=')

    await context.close()
    expect(bodies.length).toBeGreaterThanOrEqual(2)
    const seen = bodies.map((b) => b.text).join('\n')
    expect(seen).toContain('"key":"new-checkout"')
    for (const secret of [...Object.values(canary), 'clauses', 'segmentMatch', '"SE"']) {
      expect(seen, `${secret} reached the page`).not.toContain(secret)
    }
    // A server key's payload holds every canary: the checks above could fail.
    const full = await fetch(`${server.url}/sdk/v1/flags`, {
      headers: { Authorization: `Bearer ${server.secrets.keys[`${ENV} server`]}` },
    })
    const fullText = await full.text()
    for (const secret of Object.values(canary)) expect(fullText).toContain(secret)
  })
})
