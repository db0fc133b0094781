/**
 * Insights in the admin UI, end to end: a real server that counted real SDK event batches and
 * an uploaded code scan, Debian's Chromium, and the charts uPlot draws on canvases. Each chart
 * is read back from its data table (the canvas says nothing to a test or a screen reader), and
 * its canvas is checked to hold pixels of the series' colour; screenshots go to tests/artifacts/.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'
import { seriousAxeFindings } from './support/axe.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_insights_0123456789'
const FLAG = 'insights-checkout'
const POLL = { timeout: 30_000 }

let server: AndonServer
let browser: Browser
let page: Page
const pageErrors: string[] = []

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}
const admin = (method: string, path: string, body?: unknown) =>
  call(method, path, ADMIN_TOKEN, body)

/** The rows of a table as the page shows them: each row's cells' text. */
const tableRows = (selector: string) =>
  page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())),
  )

/** How many pixels of a canvas inside `selector` are close to the colour #rrggbb. */
const pixelsOf = (selector: string, colour: string) =>
  page.$eval(
    `${selector} canvas`,
    (canvas, hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
      const c = canvas as HTMLCanvasElement
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 0; i < data.length; i += 4) {
        const near =
          Math.abs(data[i]! - r!) < 40 &&
          Math.abs(data[i + 1]! - g!) < 40 &&
          Math.abs(data[i + 2]! - b!) < 40
        if (near && data[i + 3]! > 128) n++
      }
      return n
    },
    colour,
  )

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await admin('POST', '/api/v1/flags', { key: FLAG, name: 'Insights checkout' })
  await admin('POST', '/api/v1/flags', { key: 'unused-banner' })
  await admin('PATCH', `/api/v1/flags/${FLAG}/environments/production`, {
    enabled: true,
    metrics: ['purchase'],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 50000 },
          { variation: 1, weight: 50000 },
        ],
      },
    },
  })
  const key = await admin('POST', '/api/v1/environments/production/keys', {
    kind: 'server',
    name: 'e2e insights sdk',
  })
  // 300 and 500 contexts (a split a 50/50 rollout should not give), 10 % and 15 % purchases.
  const now = Date.now()
  await call('POST', '/sdk/v1/events', String(key.key), {
    id: 'e2e-insights-batch-1',
    startedAt: now - 1000,
    endedAt: now,
    exposures: [
      { flag: FLAG, variation: 0, count: 300 },
      { flag: FLAG, variation: 1, count: 500 },
    ],
    metrics: [
      { metric: 'purchase', flag: FLAG, variation: 0, count: 30, sum: 30, sumSquares: 30 },
      { metric: 'purchase', flag: FLAG, variation: 1, count: 75, sum: 75, sumSquares: 75 },
    ],
    dropped: 0,
  })
  await admin('POST', '/api/v1/code-refs', {
    repository: 'github.com/acme/shop',
    commit: '0123456789abcdef',
    refs: [
      { flag: FLAG, file: 'src/checkout.ts', line: 12, column: 8, text: `isEnabled('${FLAG}')` },
    ],
  })
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 1000 })
  page.setDefaultTimeout(30_000)
  // A refused script or style is logged to the console; a 404 the UI expects (no release plan) is not kept.
  page.on(
    'console',
    (m) => /Content.Security.Policy|Refused/i.test(m.text()) && pageErrors.push(m.text()),
  )
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(server.url)
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Flags' }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const today = () => new Date().toISOString().slice(0, 10)
const thisHour = () => new Date().toISOString().slice(0, 13).replace('T', ' ') + ':00'

describe('insights in the admin UI', () => {
  it('charts each flag’s evaluations in the flag list, read back from the chart’s table', async () => {
    expect(await page.getByLabel('Evaluations in').inputValue()).toBe('production')
    const chart = `#evaluations-${FLAG}`
    await page.locator(`${chart} canvas`).waitFor()
    const rows = await tableRows(`${chart}-data`)
    // 30 days, today's included.
    expect(rows).toHaveLength(30)
    expect(rows.at(-1)).toEqual([today(), '800'])
    expect(rows.slice(0, -1).every(([, v]) => v === '0')).toBe(true)
    await expect.poll(() => pixelsOf(chart, '#2563eb'), POLL).toBeGreaterThan(0)
    const row = page.getByRole('row', { name: new RegExp(FLAG) })
    await expect.poll(() => row.locator('.evaluations-total').textContent(), POLL).toBe('800')
    await screenshot(page, 'admin-ui-insights-01-flag-list')
    expect(await seriousAxeFindings(page, 'insights-flag-list')).toEqual([])
  })

  it('shows the flag’s hourly chart, last evaluation, code references and the experiment', async () => {
    await page.goto(`${server.url}/#/flags/${FLAG}/production`)
    const panel = page.locator('#insights-production')
    await panel.locator('#insights-production-evaluations canvas').waitFor()
    const hourly = await tableRows('#insights-production-evaluations-data')
    expect(hourly.find(([at]) => at === thisHour())).toEqual([thisHour(), '300', '500'])
    await expect
      .poll(() => pixelsOf('#insights-production-evaluations', '#c2410c'), POLL)
      .toBeGreaterThan(0)
    await expect
      .poll(() => panel.locator('#insights-production-last').textContent(), POLL)
      .toMatch(/Last evaluated here: \d{4}-\d\d-\d\d \d\d:\d\d:00 UTC \(\d+ min ago\)/)
    expect(await panel.locator('.code-ref-list li').allTextContents()).toEqual([
      `src/checkout.ts:12 isEnabled('${FLAG}')`,
    ])

    const results = await tableRows('#experiment-production-table')
    expect(results.map((r) => r.slice(0, 3))).toEqual(
      [
        ['300', '10.00 %'],
        ['500', '15.00 %'],
      ].map(([contexts, rate], i) => [
        `${i}: ${i === 0 ? 'false (control)' : 'true'}`,
        contexts!,
        rate!,
      ]),
    )
    expect(results[1]![4]).toBe('50.0 %')
    expect(await panel.getByText('Sample ratio mismatch').count()).toBe(1)
    const cumulative = await tableRows('#experiment-production-chart-data')
    expect(cumulative.at(-1)?.slice(1)).toEqual(['10.00 %', '15.00 %'])
    await panel.scrollIntoViewIfNeeded()
    await screenshot(page, 'admin-ui-insights-02-flag-page')
    expect(await seriousAxeFindings(page, 'insights-flag-page')).toEqual([])
  })

  it('reports stale flags and charts delivery per week', async () => {
    await page.getByRole('link', { name: 'Insights' }).click()
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor()
    await page.locator('#stale-table').waitFor()
    const stale = await tableRows('#stale-table')
    expect(stale.map((r) => r.slice(0, 3))).toEqual([
      ['unused-banner', 'development', 'No code references'],
      ['unused-banner', 'production', 'No code references'],
    ])
    // The delivery figures are a query of their own: they may come a moment after the stale ones.
    await expect
      .poll(async () => (await tableRows('#delivery-production-releases-data')).length, POLL)
      .toBe(12)
    const releases = await tableRows('#delivery-production-releases-data')
    expect(releases).toHaveLength(12)
    // This week: the flag switched on in production, nothing undone.
    expect(releases.at(-1)?.slice(1)).toEqual(['1', '0'])
    // uPlot is loaded with the first chart: the canvas may come a moment after the table.
    await page.locator('#delivery-production-releases canvas').waitFor()
    await expect
      .poll(() => pixelsOf('#delivery-production-releases', '#2563eb'), POLL)
      .toBeGreaterThan(0)
    await screenshot(page, 'admin-ui-insights-03-insights-page')
    expect(await seriousAxeFindings(page, 'insights-page')).toEqual([])
    // uPlot under the server's CSP: nothing refused, nothing thrown.
    expect(pageErrors).toEqual([])
  })
})
