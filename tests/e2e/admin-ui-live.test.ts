/**
 * The admin UI between pages and alongside other admins, end to end: a real server process and
 * Debian's Chromium. Unsaved edits are not dropped by an in-app link or the back button without
 * asking, and the environments page and the audit log show what others do through the admin
 * API without a reload. Screenshots go to tests/artifacts/.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_live_0123456789ab'
const FLAG = 'live-checkout'
/** How long a poll waits for the page: generous, a loaded machine is slow, no speed is asserted. */
const POLL = { timeout: 30_000 }

let server: AndonServer
let browser: Browser
let page: Page

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

/** Marks the loaded document, so a test can tell that the page was not loaded again. */
const markDocument = () =>
  page.evaluate(() => {
    ;(globalThis as unknown as { andonE2eMark?: boolean }).andonE2eMark = true
  })
const sameDocument = () =>
  page.evaluate(() => (globalThis as unknown as { andonE2eMark?: boolean }).andonE2eMark === true)

const leaveDialog = () => page.getByRole('dialog', { name: 'Leave without saving?' })
const hash = () => new URL(page.url()).hash

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await admin('POST', '/api/v1/flags', { key: FLAG, name: 'Live checkout' })
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 900 })
  page.setDefaultTimeout(30_000)
  await page.goto(server.url)
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the admin UI with unsaved edits and changes made elsewhere', { timeout: 120_000 }, () => {
  it('asks before a link or back leaves unsaved edits, stays on "stay" and leaves on "leave"', async () => {
    await page.getByRole('link', { name: FLAG }).click()
    await page.getByRole('link', { name: 'production' }).click()
    await expect.poll(hash, POLL).toBe(`#/flags/${FLAG}/production`)
    const salt = page.getByLabel('Salt')
    const saved = await admin('GET', `/api/v1/flags/${FLAG}/environments/production`)
    await salt.fill('edited-salt')
    const save = page.getByRole('button', { name: 'Save changes' })
    await expect.poll(() => save.isEnabled(), POLL).toBe(true)

    // A link in the navigation bar: asked, and "stay" keeps the page and the edit.
    await page.getByRole('link', { name: 'Audit log' }).click()
    await leaveDialog().waitFor()
    await screenshot(page, 'admin-ui-live-01-leave-dialog')
    await leaveDialog().getByRole('button', { name: 'Stay and keep editing' }).click()
    await leaveDialog().waitFor({ state: 'hidden' })
    expect(hash()).toBe(`#/flags/${FLAG}/production`)
    expect(await page.getByRole('heading', { name: FLAG, level: 1 }).count()).toBe(1)
    expect(await page.getByRole('heading', { name: 'Audit log' }).count()).toBe(0)
    expect(await salt.inputValue()).toBe('edited-salt')

    // The back button: asked too, and "stay" puts the address back.
    await page.evaluate(() => globalThis.history.back())
    await leaveDialog().waitFor()
    await leaveDialog().getByRole('button', { name: 'Stay and keep editing' }).click()
    await leaveDialog().waitFor({ state: 'hidden' })
    await expect.poll(hash, POLL).toBe(`#/flags/${FLAG}/production`)
    expect(await salt.inputValue()).toBe('edited-salt')

    // "Leave" goes where the link leads and drops the edit, which was never saved.
    await page.getByRole('link', { name: 'Audit log' }).click()
    await leaveDialog().getByRole('button', { name: 'Leave and drop the edits' }).click()
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
    expect(hash()).toBe('#/audit')
    expect(await leaveDialog().count()).toBe(0)
    const after = await admin('GET', `/api/v1/flags/${FLAG}/environments/production`)
    expect(after.version).toBe(saved.version)
    expect(after.salt).toBe(saved.salt)

    // Without edits, links go at once.
    await page.getByRole('link', { name: 'Flags', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
    expect(await leaveDialog().count()).toBe(0)
  })

  it('shows an environment created through the API on the environments page without a reload', async () => {
    await page.getByRole('link', { name: 'Environments and keys' }).click()
    await page.getByRole('heading', { name: 'production', level: 2 }).waitFor()
    await markDocument()
    await page.getByLabel('New environment key').fill('half-typed')
    expect(await page.getByRole('heading', { name: 'staging', level: 2 }).count()).toBe(0)

    await admin('POST', '/api/v1/environments', { key: 'staging', name: 'Staging' })
    await page.getByRole('heading', { name: 'staging', level: 2 }).waitFor(POLL)
    await screenshot(page, 'admin-ui-live-02-environment')
    expect(await sameDocument()).toBe(true)
    expect(await page.getByLabel('New environment key').inputValue()).toBe('half-typed')
  })

  it('puts a flag change made through the API on top of the open audit log', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click()
    const entries = page.locator('.audit-list > li')
    // The newest entry is the environment created above.
    await expect
      .poll(() => entries.first().locator('summary > code').textContent(), POLL)
      .toBe('staging')
    const shown = await entries.count()
    await markDocument()
    // An entry opened before the change stays open when the new one arrives above it.
    await entries.first().locator('summary').click()

    await admin('PATCH', `/api/v1/flags/${FLAG}/environments/development`, { enabled: true })
    const newest = entries.first()
    await expect.poll(() => newest.locator('summary > code').textContent(), POLL).toBe(FLAG)
    expect(await newest.locator('summary > .audit-action').textContent()).toBe('flag.config.update')
    expect(await newest.locator('summary > .tag').textContent()).toBe('development')
    expect(await entries.count()).toBe(shown + 1)
    expect(await entries.nth(1).locator('summary > code').textContent()).toBe('staging')
    expect(await entries.nth(1).locator('details').getAttribute('open')).toBe('')
    expect(await sameDocument()).toBe(true)
    await screenshot(page, 'admin-ui-live-03-audit')

    // Entries no stream tells of (a new key) arrive too.
    await admin('POST', '/api/v1/environments/staging/keys', { kind: 'server', name: 'e2e live' })
    await expect
      .poll(() => entries.first().locator('summary > .audit-action').textContent(), POLL)
      .toBe('key.create')
    expect(await entries.count()).toBe(shown + 2)
  })
})
