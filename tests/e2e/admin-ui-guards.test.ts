/**
 * The immune system in the admin UI, end to end: a real server, Debian's Chromium, a guard
 * set through the Guards panel, and SDK event batches posted to `POST /sdk/v1/events` with a
 * server key that make the treatment clearly worse. The page then shows the guard tripped,
 * the flag off and the chart with the trip marker, without a reload; the audit log tells
 * what the guard found. Screenshots go to tests/artifacts/.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { artifactsDir, launchChromium, openPage, screenshot } from './support/browser.js'
import { seriousAxeFindings } from './support/axe.js'
import { unlabelledControls } from './support/unlabelled.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_guards_0123456789'
const FLAG = 'guarded-checkout'
const METRIC = 'checkout-error'
/** How long a poll waits for the page: generous, a loaded machine is slow, no speed is asserted. */
const POLL = { timeout: 30_000 }

let server: AndonServer
let browser: Browser
let page: Page
let serverKey: string
let batch = 0

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

/** One SDK flush: `exposures` per variation, and that many error events at each rate. */
function postBatch(exposures: number, errorRates: [number, number]) {
  const now = Date.now()
  batch += 1
  return call('POST', '/sdk/v1/events', serverKey, {
    id: `e2e-guards-batch-${batch}`,
    startedAt: now - 1000,
    endedAt: now,
    exposures: [0, 1].map((variation) => ({ flag: FLAG, variation, count: exposures })),
    metrics: [0, 1].map((variation) => {
      const count = Math.round(exposures * errorRates[variation as 0 | 1])
      return { metric: METRIC, flag: FLAG, variation, count, sum: 0, sumSquares: 0 }
    }),
    dropped: 0,
  })
}

const guardsPanel = () => page.locator('section.guards-panel')
const stateBadge = () => guardsPanel().getByTestId('guard-state')
const productionSwitch = () => page.getByRole('switch', { name: `${FLAG} in production` })

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await admin('POST', '/api/v1/flags', { key: FLAG, name: 'Guarded checkout' })
  // On in production, half of the contexts on each variation: a release being ramped.
  await admin('PATCH', `/api/v1/flags/${FLAG}/environments/production`, {
    enabled: true,
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
    name: 'e2e guard sdk',
  })
  serverKey = String(key.key)
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 1000 })
  page.setDefaultTimeout(30_000)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('a guard set in the admin UI', () => {
  it('is added through the Guards panel and saved with PUT', async () => {
    await page.goto(server.url)
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Flags' }).waitFor()
    await page.goto(`${server.url}/#/flags/${FLAG}/production`)
    await expect.poll(() => productionSwitch().getAttribute('aria-checked'), POLL).toBe('true')

    // With no guards yet, the editor opens with one new guard to fill in.
    await guardsPanel().getByRole('button', { name: 'Add a guard' }).click()
    await page.getByLabel('Guard 1 Metric').fill(METRIC)
    await page.getByLabel('Guard 1 Threshold (%)').fill('0')
    await page.getByLabel('Guard 1 Minimum samples').fill('200')
    expect(await page.getByLabel('Guard 1 On a regression').inputValue()).toBe('disable')
    expect(await unlabelledControls(page)).toEqual([])
    await screenshot(page, 'admin-ui-guards-01-editor')
    expect(await seriousAxeFindings(page, 'guards-editor')).toEqual([])
    // Enter in a field saves, as in any form.
    await page.getByLabel('Guard 1 Minimum samples').press('Enter')

    await expect.poll(() => stateBadge().textContent(), POLL).toBe('Waiting')
    const saved = await admin('GET', `/api/v1/flags/${FLAG}/environments/production/guards`)
    expect(saved.guards).toMatchObject([
      { metric: METRIC, kind: 'rate', threshold: 0, minSamples: 200, action: 'disable' },
    ])
    // Setting guards sets the flag's metrics, so SDKs attribute the metric.
    const config = await admin('GET', `/api/v1/flags/${FLAG}/environments/production`)
    expect(config.metrics).toEqual([METRIC])
    // Taking the guarded metric out of the flag's metrics by hand is warned about.
    const starved = page.getByText(`${METRIC} is guarded: without it here the SDKs stop`)
    await expect.poll(() => starved.count(), POLL).toBe(0)
    await page.getByLabel('Metric keys the guard watches').fill('')
    await starved.waitFor()
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => starved.count(), POLL).toBe(0)
    await screenshot(page, 'admin-ui-guards-02-waiting')
  }, 120_000)

  it('shows the guard tripped, the flag off and the trip on the chart after bad batches', async () => {
    // 1 % errors on control, 10 % on the treatment: a regression the test finds quickly.
    for (let i = 0; i < 6; i++) {
      await postBatch(400, [0.01, 0.1])
      const status = await admin('GET', `/api/v1/flags/${FLAG}/environments/production/guards`)
      if ((status.guards as { state: string }[])[0]?.state === 'tripped') break
    }
    await expect.poll(() => stateBadge().textContent(), POLL).toBe('Tripped')
    await expect.poll(() => productionSwitch().getAttribute('aria-checked'), POLL).toBe('false')
    await page.getByRole('heading', { name: 'Off in production' }).waitFor()
    expect(await guardsPanel().getByText('the guard switched the flag off').count()).toBe(1)
    // The top of the page says why the flag is off, and leads to the guards.
    const note = page
      .locator('.status-card')
      .getByText(
        new RegExp(
          `^The guard switched this flag off at .*: ${METRIC} regressed in variation true against variation false`,
        ),
      )
    await note.waitFor()
    await page.getByRole('button', { name: 'See the guards' }).click()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent), POLL)
      .toBe('Guards')
    const marker = guardsPanel().getByTestId('trip-marker')
    expect(await marker.count()).toBe(1)
    expect(await marker.textContent()).toMatch(/^tripped \d\d:\d\d:\d\d$/)
    // A line or point per variation, and the treatment's row marked as the regression.
    expect(await guardsPanel().locator('.guard-chart svg g.series').count()).toBe(2)
    expect(await guardsPanel().locator('tr.regression th').textContent()).toBe('true')
    await guardsPanel().screenshot({ path: join(artifactsDir, 'admin-ui-guards-03-panel.png') })
    await screenshot(page, 'admin-ui-guards-03-tripped')
    expect(await seriousAxeFindings(page, 'guard-tripped')).toEqual([])

    // The flag list marks the flag, with when and why on hover.
    await page.getByRole('link', { name: 'Flags', exact: true }).first().click()
    const mark = page.locator('tr', { hasText: FLAG }).locator('.off-mark')
    await mark.waitFor()
    expect(await mark.textContent()).toContain('off by guard')
    expect(await mark.getAttribute('title')).toMatch(
      new RegExp(
        `^The guard switched this flag off at .* UTC: ${METRIC} regressed in variation true against variation false\\.$`,
      ),
    )
    await screenshot(page, 'admin-ui-guards-03b-list-mark')
  }, 120_000)

  it('lists the guard’s decision in the audit log with its evidence', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByLabel('Flag key').fill(FLAG)
    const entry = page.locator('.audit-list > li').filter({ hasText: 'guard' }).first()
    await expect
      .poll(() => entry.locator('.audit-headline').textContent(), POLL)
      .toMatch(new RegExp(`regression of ${METRIC}.*switched the flag off`))
    await entry.locator('summary').click()
    await expect.poll(() => entry.locator('ul.audit-detail').count(), POLL).toBe(1)
    await screenshot(page, 'admin-ui-guards-04-audit')
    expect(await seriousAxeFindings(page, 'guard-audit')).toEqual([])
  }, 120_000)

  it('reads an Alertmanager alert that switched the flag off', async () => {
    await admin('PATCH', `/api/v1/flags/${FLAG}/environments/production`, { enabled: true })
    const hook = await admin('POST', '/api/v1/environments/production/keys', {
      kind: 'hook',
      name: 'e2e alertmanager',
    })
    const answer = await call('POST', '/hooks/v1/alertmanager', String(hook.key), {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'CheckoutErrorBudget',
            andon_flag: FLAG,
            andon_environment: 'production',
          },
          annotations: { summary: 'checkout errors burn the budget' },
          startsAt: '2026-11-22T01:05:00Z',
        },
      ],
    })
    expect(answer.alerts).toEqual([{ flag: FLAG, outcome: 'disabled' }])
    await page.getByRole('button', { name: 'Refresh' }).click()
    const entry = page.locator('.audit-list > li').filter({ hasText: 'alertmanager' }).first()
    await expect
      .poll(() => entry.locator('.audit-headline').textContent(), POLL)
      .toBe(
        'Alertmanager: CheckoutErrorBudget fired (since 2026-11-22 01:05:00 UTC) and switched the flag off.',
      )
    await entry.locator('summary').click()
    await expect
      .poll(() => entry.locator('ul.audit-detail').textContent(), POLL)
      .toContain('summary: checkout errors burn the budget')
    await screenshot(page, 'admin-ui-guards-05-alert')
  }, 120_000)
})
