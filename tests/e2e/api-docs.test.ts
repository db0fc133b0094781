/**
 * The interactive API reference at /api/docs in Debian's Chromium, served by a real server
 * under the admin UI's Content-Security-Policy: it lists every operation of the document,
 * loads nothing from another origin, and the browser reports no policy violation or error.
 */
import type { Browser, ConsoleMessage } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'

let server: AndonServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([
    startAndonServer({ everyInterface: true }),
    launchChromium(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** How many operations the served document has. */
async function documentedOperations(): Promise<number> {
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0)
}

describe('/api/docs', () => {
  it('is served with the same Content-Security-Policy as the admin UI', async () => {
    const [docs, ui] = await Promise.all([fetch(`${server.url}/api/docs`), fetch(`${server.url}/`)])
    expect(docs.status).toBe(200)
    const csp = docs.headers.get('content-security-policy')
    expect(csp).toBe(ui.headers.get('content-security-policy'))
    expect(csp).toContain("script-src 'self';")
    const html = await docs.text()
    // Every script is a file of this server's: nothing inline, nothing from a CDN.
    expect(html.match(/<script[^>]*>/g)).toEqual([
      '<script src="/api/docs/swagger-ui-bundle.js">',
      '<script src="/api/docs/start.js">',
    ])
  })

  it('lists every operation in Chromium with no CSP violation and no error', async () => {
    const page = await openPage(browser, { width: 1366, height: 900 })
    const problems: string[] = []
    const elsewhere: string[] = []
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    const origin = `http://localhost:${server.port}`
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) elsewhere.push(r.url())
    })
    // A violation is reported to the console too; the event catches one that is not.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      )
    })
    await page.goto(`${origin}/api/docs`)
    const expected = await documentedOperations()
    const blocks = page.locator('.opblock')
    await expect.poll(() => blocks.count(), { timeout: 30_000 }).toBe(expected)
    const paths = await page.locator('.opblock-summary-path').allInnerTexts()
    const normalized = paths.map((p) => p.replace(/\u200b/g, '').trim())
    expect(normalized).toEqual(
      expect.arrayContaining([
        '/api/v1/flags/{key}/environments/{env}',
        '/api/v1/environments/{env}',
        '/sdk/v1/stream',
        '/hooks/v1/alertmanager',
      ]),
    )
    // Opening an operation shows its parameters and answers, 412 among them.
    const patchConfig = page.locator('#operations-flags-updateFlagConfig')
    await patchConfig.locator('.opblock-summary').first().click()
    await expect
      .poll(() => patchConfig.locator('.response-col_status').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['412', '422']))
    await screenshot(page, 'api-docs')
    expect(elsewhere).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })
})
