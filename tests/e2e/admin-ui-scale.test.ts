/**
 * The flag list with 1,000 flags stays responsive and works with the keyboard: a real server
 * holding 1,000 flags, Debian's Chromium, and timings measured inside the page.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from './support/andon-server.js'
import { launchChromium, screenshot } from './support/browser.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_scale_0123456789'
const FLAGS = 1000
/** Generous bounds for a loaded 2-core CI machine; a list that re-renders badly takes seconds. */
const TOGGLE_BUDGET_MS = 1500
const SEARCH_BUDGET_MS = 1000

let server: AndonServer
let browser: Browser
let page: Page

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer(ADMIN_TOKEN)
  const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }
  for (let batch = 0; batch < FLAGS / 10; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const n = batch * 10 + j
        const response = await fetch(`${server.baseUrl}/api/v1/flags`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ key: `flag-${n}`, tags: [`team-${n % 7}`] }),
        })
        if (!response.ok) throw new Error(`creating flag-${n}: ${response.status}`)
      }),
    )
  }
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.setDefaultTimeout(15_000)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the flag list with 1,000 flags', () => {
  it('signs in with the keyboard and shows every flag with live switches', async () => {
    await page.goto(server.baseUrl)
    await page.getByLabel('Admin token').focus()
    await page.keyboard.type(ADMIN_TOKEN)
    await page.keyboard.press('Enter')
    await page.getByRole('switch', { name: 'flag-999 in production' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[role=switch][disabled]'))
    expect(await page.locator('tbody tr').count()).toBe(FLAGS)
    await screenshot(page, 'admin-ui-scale-01-list')
  })

  it('flips a switch in well under a second, measured in the page', async () => {
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const button = document.querySelector<HTMLButtonElement>(
            '[aria-label="flag-500 in production"]',
          )!
          const start = performance.now()
          new MutationObserver(() => {
            if (button.getAttribute('aria-checked') === 'true') resolve(performance.now() - start)
          }).observe(button, { attributes: true })
          button.click()
        }),
    )
    expect(ms).toBeLessThan(TOGGLE_BUDGET_MS)
  })

  it('filters by search and tag quickly', async () => {
    const started = Date.now()
    await page.getByLabel('Search flags').fill('flag-99')
    await expect.poll(() => page.locator('tbody tr').count()).toBe(11)
    expect(Date.now() - started).toBeLessThan(SEARCH_BUDGET_MS + 500)
    await page.getByLabel('Tag').selectOption('team-3')
    // Of flag-99 and flag-990..999 only flag-990 and flag-997 have n % 7 = 3.
    await expect
      .poll(() => page.locator('tbody tr th a').allTextContents())
      .toEqual(['flag-990', 'flag-997'])
    await screenshot(page, 'admin-ui-scale-02-filtered')
  })

  it('works the kill switch with the keyboard', async () => {
    const target = page.getByRole('switch', { name: 'flag-997 in development' })
    await target.focus()
    await page.keyboard.press('Space')
    await expect.poll(() => target.getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Enter')
    await expect.poll(() => target.getAttribute('aria-checked')).toBe('false')
  })
})
