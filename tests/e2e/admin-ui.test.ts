/**
 * The admin UI end to end: a real server process, Debian's Chromium, and the Node SDK
 * connected to the same server. Sign in, create a flag, turn it on in production, ramp it to
 * 25 %, add a rule on a segment, and kill it (each change in production confirmed once); after each step the SDK serves exactly what
 * core's bucketing says. Screenshots of each step go to tests/artifacts/.
 */
import { bucket } from '@andon/core'
import { createClient, type AndonClient } from '@andon/sdk-node'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'
import { eventually } from './support/eventually.js'
import { seriousAxeFindings } from './support/axe.js'
import { unlabelledControls } from './support/unlabelled.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_0123456789abcdef'
const FLAG = 'new-checkout'
const SEGMENT = 'beta-testers'
/** How long a poll waits for the page: generous, a loaded machine is slow, no speed is asserted. */
const POLL = { timeout: 30_000 }
const users = Array.from({ length: 400 }, (_, i) => `user-${i}`)

let server: AndonServer
let browser: Browser
let page: Page
let sdk: AndonClient

async function admin(method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

/** What the SDK serves each user: the variation index, or null for the default. */
function served(): (number | null)[] {
  return users.map((key) => sdk.variationDetail(FLAG, { key }, null).variationIndex)
}

const switchOf = (env: string) => page.getByRole('switch', { name: `${FLAG} in ${env}` })
/** Production is critical: a change there waits for one confirmation, given with `button`. */
const confirmWith = (button: string) =>
  page.getByRole('dialog').getByRole('button', { name: button }).click()

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  const created = await admin('POST', '/api/v1/environments/production/keys', {
    kind: 'server',
    name: 'e2e sdk',
  })
  sdk = createClient({ baseUrl: server.url, sdkKey: String(created.key) })
  expect(await sdk.ready({ timeoutMs: 10_000 })).toBe(true)
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 900 })
  page.setDefaultTimeout(30_000)
})

afterAll(async () => {
  await browser?.close()
  await sdk?.close()
  await server?.stop()
})

describe('the admin UI against a real server', { timeout: 120_000 }, () => {
  it('serves the page with a CSP that forbids inline scripts', async () => {
    const response = await page.goto(server.url)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    const inline = await page.locator('script:not([src])').count()
    expect(inline).toBe(0)
  })

  it('says so when the admin token is wrong, then signs in', async () => {
    await page.getByLabel('Admin token').fill('adm_not_the_right_token_at_all')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent(), POLL)
      .toMatch(/Wrong admin token/)
    await screenshot(page, 'admin-ui-01-wrong-token')

    await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Flags' }).waitFor()
    await screenshot(page, 'admin-ui-02-signed-in')
  })

  it('creates a flag that the SDK sees, off', async () => {
    await page.getByRole('button', { name: 'New flag' }).click()
    await page.getByLabel('Key', { exact: true }).fill(FLAG)
    await page.getByLabel('Name', { exact: true }).fill('New checkout')
    await page.getByLabel('Tags (comma separated)').fill('payments')
    await page.getByRole('button', { name: 'Create flag' }).click()
    await page.getByRole('heading', { name: FLAG, level: 1 }).waitFor()
    await screenshot(page, 'admin-ui-03-created')

    await eventually(() => {
      const detail = sdk.variationDetail(FLAG, { key: 'user-1' }, null)
      expect(detail.reason.kind).toBe('OFF')
      expect(detail.value).toBe(false)
    })
  })

  it('turns it on in production from the list with one click and one confirmation', async () => {
    await page.getByRole('link', { name: 'Flags', exact: true }).first().click()
    await expect.poll(() => switchOf('production').isEnabled(), POLL).toBe(true)
    await switchOf('production').click()
    await confirmWith('Switch on in production')
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('true')
    expect(await switchOf('development').getAttribute('aria-checked')).toBe('false')
    await screenshot(page, 'admin-ui-04-on-in-production')

    // A new flag serves its last variation (true) to everyone once it is on.
    await eventually(() => expect(served().every((v) => v === 1)).toBe(true))
  })

  it('ramps it to 25 %, saying how many contexts move', async () => {
    await page.getByRole('link', { name: FLAG }).click()
    await page.getByRole('link', { name: 'production' }).click()
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('true')
    const percent = page.getByLabel('Rollout percentage', { exact: true })
    await expect.poll(() => percent.inputValue(), POLL).toBe('100')
    await percent.fill('25')
    await expect
      .poll(() => page.locator('.movement').first().textContent(), POLL)
      .toMatch(/moves 75 % of contexts \(75,000 of every 100,000\)/)
    // The slider follows the input, and moves by whole percents from the keyboard.
    const slider = page.getByRole('slider', { name: 'Rollout percentage slider' })
    expect(await slider.inputValue()).toBe('25000')
    await slider.focus()
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => percent.inputValue(), POLL).toBe('26')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => percent.inputValue(), POLL).toBe('25')
    await screenshot(page, 'admin-ui-05-ramp-edit')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await confirmWith('Save in production')
    await page.getByText('Saved as version').waitFor()
    await screenshot(page, 'admin-ui-06-ramped')

    const expected = users.map((key) => (bucket(FLAG, key) < 25000 ? 1 : 0))
    await eventually(() => expect(served()).toEqual(expected))
    const share = expected.filter((v) => v === 1).length / users.length
    expect(share).toBeGreaterThan(0.18)
    expect(share).toBeLessThan(0.32)
  })

  it('adds a rule on a segment, and the segment members get true', async () => {
    // Members whose bucket lies outside the 25 % ramp, so only the rule can give them true.
    const members = users.filter((key) => bucket(FLAG, key) >= 25000).slice(0, 3)
    await page.getByRole('link', { name: 'Segments', exact: true }).click()
    await page.getByRole('link', { name: 'production' }).click()
    await page.getByLabel('New segment key').fill(SEGMENT)
    await page.getByRole('button', { name: 'Create segment' }).click()
    await page.getByLabel('Included context keys').fill(members.join('\n'))
    await page.getByRole('button', { name: 'Save segment' }).click()
    await expect.poll(() => page.getByText(/version 2/).count(), POLL).toBeGreaterThan(0)
    await screenshot(page, 'admin-ui-07-segment')

    await page.goto(`${server.url}/#/flags/${FLAG}/production`)
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByLabel('Rule 1 clause 1 operator').selectOption('segmentMatch')
    await page.getByRole('checkbox', { name: SEGMENT }).check()
    await expect
      .poll(() => page.getByLabel('Rule 1 rollout percentage', { exact: true }).inputValue(), POLL)
      .toBe('100')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await confirmWith('Save in production')
    await page.getByText('Saved as version').waitFor()
    await screenshot(page, 'admin-ui-08-rule')

    await eventually(() => {
      for (const key of members) {
        const detail = sdk.variationDetail(FLAG, { key }, null)
        expect(detail.value).toBe(true)
        expect(detail.reason).toMatchObject({ kind: 'RULE_MATCH', ruleIndex: 0 })
      }
    })
    const outsider = users.find((key) => bucket(FLAG, key) >= 25000 && !members.includes(key))!
    expect(sdk.variationDetail(FLAG, { key: outsider }, null).value).toBe(false)
  })

  it('shows a stale save as a conflict with the newer state instead of overwriting', async () => {
    await page.getByRole('link', { name: 'development' }).click()
    const percent = page.getByLabel('Rollout percentage', { exact: true })
    await expect.poll(() => percent.inputValue(), POLL).toBe('100')
    const before = await admin('GET', `/api/v1/flags/${FLAG}/environments/development`)
    await percent.fill('10')
    // Another admin changes the same flag meanwhile.
    await admin('PATCH', `/api/v1/flags/${FLAG}/environments/development`, { salt: 'other-salt' })
    await page
      .getByText(/saved elsewhere/)
      .first()
      .waitFor()
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText(/Not saved: version \d+ was saved elsewhere/).waitFor()
    await screenshot(page, 'admin-ui-09-conflict')
    expect(await seriousAxeFindings(page, 'conflict')).toEqual([])
    const after = await admin('GET', `/api/v1/flags/${FLAG}/environments/development`)
    expect(after.salt).toBe('other-salt')
    expect(after.fallthrough).toEqual(before.fallthrough)
    await page.getByRole('button', { name: /Discard my edits and load version/ }).click()
    await expect.poll(() => page.getByLabel('Salt').inputValue(), POLL).toBe('other-salt')
  })

  it("shows the server's 422 at the field it concerns (a prerequisite cycle)", async () => {
    await admin('POST', '/api/v1/flags', { key: 'checkout-api' })
    await admin('PATCH', '/api/v1/flags/checkout-api/environments/production', {
      prerequisites: [{ key: FLAG, variation: 1 }],
    })
    await page.goto(`${server.url}/#/flags/${FLAG}/production`)
    await page.reload()
    await page.getByRole('button', { name: 'Add prerequisite' }).click()
    await page.getByLabel('Prerequisite 1 flag').selectOption('checkout-api')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await confirmWith('Save in production')
    await expect
      .poll(() => page.locator('.prerequisites .field-issues').textContent(), POLL)
      .toContain('cycle')
    await screenshot(page, 'admin-ui-10-invalid')
    expect(await seriousAxeFindings(page, 'server-issues')).toEqual([])
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => page.getByLabel('Prerequisite 1 flag').count(), POLL).toBe(0)
  })

  it('kills it at once, and the SDK serves false to everyone', async () => {
    await page.getByRole('link', { name: 'production' }).click()
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('true')
    await switchOf('production').click()
    await confirmWith('Switch off in production')
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('false')
    await screenshot(page, 'admin-ui-11-killed')

    await eventually(() => {
      expect(served().every((v) => v === 0)).toBe(true)
      expect(sdk.variationDetail(FLAG, { key: 'user-1' }, null).reason.kind).toBe('OFF')
    })
  })

  it('follows changes made elsewhere without a reload', async () => {
    await page.getByRole('link', { name: 'Flags', exact: true }).first().click()
    await expect
      .poll(() => switchOf('development').getAttribute('aria-checked'), POLL)
      .toBe('false')
    await admin('PATCH', `/api/v1/flags/${FLAG}/environments/development`, { enabled: true })
    await expect.poll(() => switchOf('development').getAttribute('aria-checked'), POLL).toBe('true')
    await screenshot(page, 'admin-ui-12-live')
  })

  it('creates a key whose secret is shown once and works, then revokes it', async () => {
    await page.getByRole('link', { name: 'Environments and keys' }).click()
    await page.locator('#keys-production-name').fill('e2e checkout service')
    await page.locator('#keys-production-kind').selectOption('server')
    await page.getByRole('button', { name: 'Create key' }).nth(1).click()
    const secret = await page.getByLabel('New key secret').inputValue()
    expect(secret).toMatch(/^srv_/)
    await screenshot(page, 'admin-ui-14-key-created')
    expect(await seriousAxeFindings(page, 'key-secret')).toEqual([])
    const sdkFlags = () =>
      fetch(`${server.url}/sdk/v1/flags`, { headers: { Authorization: `Bearer ${secret}` } })
    expect((await sdkFlags()).status).toBe(200)

    await page.getByRole('button', { name: 'Done' }).click()
    expect(await page.getByLabel('New key secret').count()).toBe(0)
    await page.getByRole('button', { name: 'Revoke e2e checkout service' }).click()
    await page.getByRole('button', { name: 'Revoke e2e checkout service now' }).click()
    await expect.poll(async () => (await sdkFlags()).status, POLL).toBe(401)
  })

  it('archives a flag, which leaves the SDK payload', async () => {
    await page.goto(`${server.url}/#/flags/checkout-api`)
    await page.getByText('Settings for every environment').click()
    await page.getByRole('button', { name: 'Archive flag' }).click()
    await page.getByRole('button', { name: 'Archive checkout-api everywhere' }).click()
    await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
    await expect.poll(() => page.getByRole('link', { name: 'checkout-api' }).count(), POLL).toBe(0)
    await eventually(() =>
      expect(sdk.variationDetail('checkout-api', { key: 'user-1' }, null).reason).toEqual({
        kind: 'ERROR',
        errorKind: 'FLAG_NOT_FOUND',
      }),
    )
  })

  it('labels every control on every page', async () => {
    const pages = [
      '#/flags',
      `#/flags/${FLAG}/production`,
      `#/segments/production/${SEGMENT}`,
      '#/environments',
      '#/audit',
    ]
    for (const hash of pages) {
      await page.goto(`${server.url}/${hash}`)
      await page.locator('main h1').first().waitFor()
      await expect.poll(() => page.getByText(/^Loading/).count(), POLL).toBe(0)
      expect({ hash, missing: await unlabelledControls(page) }).toEqual({ hash, missing: [] })
      expect({
        hash,
        axe: await seriousAxeFindings(page, `page-${hash.replace(/\W+/g, '-')}`),
      }).toEqual({
        hash,
        axe: [],
      })
    }
  })

  it('lists the changes in the audit log with their difference', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByLabel('Flag key').fill(FLAG)
    const entries = page.locator('.audit-list > li')
    await expect.poll(() => entries.count(), POLL).toBeGreaterThan(4)
    await entries.first().locator('summary').click()
    await expect
      .poll(() => entries.first().locator('table.diff').textContent(), POLL)
      .toContain('enabled')
    await screenshot(page, 'admin-ui-13-audit')
  })
})
