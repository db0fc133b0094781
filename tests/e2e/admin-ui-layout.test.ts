/**
 * Every page of the admin UI at a laptop's width (1366 px) and a phone's (390 px), end to end:
 * a real server holding flags, a segment, a guard, keys, an alert's switch-off and audit
 * entries, and Debian's Chromium. Nothing lies beyond the right edge (wide tables scroll inside
 * their own box), and an axe-core scan finds nothing serious or critical, the dialogs included. Screenshots of each
 * page at both widths go to tests/artifacts/ to be looked at.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { seriousAxeFindings } from './support/axe.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_layout_0123456789'
const POLL = { timeout: 30_000 }
const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

let server: AndonServer
let browser: Browser

const admin = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  server.admin<T>(method, path, body)

/** Elements that reach past the right edge, outside the boxes that scroll by design. */
function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const found: string[] = []
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth} px wide`)
    }
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('.table-scroll, .visually-hidden, svg, .skip-link, dialog:not([open])'))
        continue
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`
      found.push(
        `${name} "${(el.textContent ?? '').trim().slice(0, 30)}" ends at ${Math.round(box.right)} px`,
      )
    }
    return found.slice(0, 10)
  })
}

/** Waits for the page to settle: its heading shown, nothing loading. */
async function settled(page: Page) {
  await page.locator('main h1, .sign-in h1').first().waitFor()
  await expect.poll(() => page.getByText(/^Loading/).count(), POLL).toBe(0)
}

async function signIn(page: Page) {
  await page.goto(server.url)
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
}

/** Each page (or state of one) as the tests visit it: a name and how to get there. */
const PAGES: { name: string; open(page: Page): Promise<void> }[] = [
  { name: 'flags', open: (page) => go(page, '#/flags') },
  {
    name: 'flags-new-flag-form',
    open: async (page) => {
      await go(page, '#/flags')
      await page.getByRole('button', { name: 'New flag' }).click()
      await page.getByLabel('Variation type').selectOption('string')
    },
  },
  { name: 'flag', open: (page) => go(page, '#/flags/new-checkout/production') },
  {
    name: 'flag-settings-and-guard-editor',
    open: async (page) => {
      await go(page, '#/flags/new-checkout/production')
      await page.getByText('Settings for every environment').click()
      await page.getByRole('button', { name: 'Edit guards' }).click()
    },
  },
  {
    name: 'flag-split',
    open: async (page) => {
      await go(page, '#/flags/button-color/production')
      await page.getByLabel('Share of split 1', { exact: true }).waitFor()
    },
  },
  { name: 'flag-off-by-alert', open: (page) => go(page, '#/flags/legacy-search/production') },
  { name: 'segments', open: (page) => go(page, '#/segments/production/beta-testers') },
  { name: 'environments', open: (page) => go(page, '#/environments') },
  {
    name: 'audit',
    open: async (page) => {
      await go(page, '#/audit')
      await page.locator('.audit-list > li summary').first().click()
    },
  },
  {
    name: 'leave-dialog',
    open: async (page) => {
      await go(page, '#/flags/new-checkout/production')
      await page.getByLabel('Salt').fill('edited-salt')
      await page.getByRole('link', { name: 'Audit log' }).click()
      await page.getByRole('dialog', { name: 'Leave without saving?' }).waitFor()
    },
  },
  {
    name: 'critical-confirm-dialog',
    open: async (page) => {
      await go(page, '#/flags/new-checkout/production')
      await page.getByLabel('Rollout percentage', { exact: true }).fill('50')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await page.getByRole('dialog', { name: 'Save new-checkout in production?' }).waitFor()
    },
  },
]

async function go(page: Page, hash: string) {
  await page.goto(`${server.url}/${hash}`)
  await settled(page)
}

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await admin('POST', '/api/v1/environments/production/segments', {
    key: 'beta-testers',
    name: 'Beta testers',
    included: ['user-1', 'user-2'],
    rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'] }] }],
  })
  await admin('POST', '/api/v1/flags', {
    key: 'new-checkout',
    name: 'New checkout',
    description: 'The one-page checkout with saved cards',
    tags: ['payments', 'web'],
  })
  await admin('PATCH', '/api/v1/flags/new-checkout/environments/production', {
    enabled: true,
    fallthrough: {
      rollout: {
        variations: [
          { variation: 1, weight: 25000 },
          { variation: 0, weight: 75000 },
        ],
      },
    },
    rules: [
      {
        clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-testers'] }],
        serve: { variation: 1 },
      },
      {
        clauses: [{ attribute: 'country', op: 'in', values: ['SE', 'NO'] }],
        serve: { variation: 1 },
      },
    ],
  })
  await admin('PUT', '/api/v1/flags/new-checkout/environments/production/guards', [
    {
      metric: 'checkout-error',
      kind: 'rate',
      worseWhen: 'higher',
      threshold: 0.05,
      action: 'disable',
    },
  ])
  await admin('POST', '/api/v1/flags', {
    key: 'button-color',
    name: 'Button color',
    variations: ['blue', 'green', 'red'],
    tags: ['growth'],
  })
  await admin('PATCH', '/api/v1/flags/button-color/environments/production', {
    enabled: true,
    fallthrough: {
      rollout: {
        kind: 'experiment',
        variations: [
          { variation: 0, weight: 34000 },
          { variation: 1, weight: 33000 },
          { variation: 2, weight: 33000 },
        ],
      },
    },
  })
  await admin('POST', '/api/v1/flags', { key: 'legacy-search', tags: ['search'] })
  await admin('PATCH', '/api/v1/flags/legacy-search/environments/production', { enabled: true })
  const hook = await admin('POST', '/api/v1/environments/production/keys', {
    kind: 'hook',
    name: 'alertmanager',
  })
  const alert = await fetch(`${server.url}/hooks/v1/alertmanager`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${String(hook.key)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'SearchLatency',
            andon_flag: 'legacy-search',
            andon_environment: 'production',
          },
          annotations: { summary: 'p99 above 2 s' },
          startsAt: '2026-11-22T01:05:00Z',
        },
      ],
    }),
  })
  expect(alert.status).toBe(200)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe.each(WIDTHS)('every page at $width px ($name)', ({ name, width, height }) => {
  let page: Page

  beforeAll(async () => {
    page = await openPage(browser, { width, height })
    page.setDefaultTimeout(30_000)
  })

  afterAll(async () => {
    await page?.context().close()
  })

  it('signs in with nothing off screen and no serious accessibility finding', async () => {
    await page.goto(server.url)
    await page.getByLabel('Admin token').waitFor()
    await screenshot(page, `admin-ui-layout-${name}-sign-in`)
    expect(await offScreen(page)).toEqual([])
    expect(await seriousAxeFindings(page, `${name}-sign-in`)).toEqual([])
    await signIn(page)
  }, 60_000)

  it.each(PAGES)(
    'shows $name with nothing off screen and no serious accessibility finding',
    async (p) => {
      await p.open(page)
      await screenshot(page, `admin-ui-layout-${name}-${p.name}`)
      expect({ page: p.name, offScreen: await offScreen(page) }).toEqual({
        page: p.name,
        offScreen: [],
      })
      expect({ page: p.name, axe: await seriousAxeFindings(page, `${name}-${p.name}`) }).toEqual({
        page: p.name,
        axe: [],
      })
      // Leave without the edit of the leave dialog's page, for the next page.
      const leave = page.getByRole('button', { name: 'Leave and drop the edits' })
      if (await leave.count()) await leave.click()
      // Answer the confirmation of a change in production with Cancel, and drop the change.
      const cancel = page.getByRole('dialog').getByRole('button', { name: 'Cancel' })
      if (await cancel.count()) {
        await cancel.click()
        await page.getByRole('button', { name: 'Discard changes' }).click()
      }
    },
    60_000,
  )

  it('scrolls the flag table inside its box, not the page', async () => {
    await go(page, '#/flags')
    const box = page.locator('.table-scroll').first()
    const { inner, outer } = await box.evaluate((el) => ({
      inner: el.scrollWidth,
      outer: el.clientWidth,
    }))
    expect(outer).toBeLessThanOrEqual(width)
    if (width < 600) expect(inner).toBeGreaterThan(outer)
    expect(await offScreen(page)).toEqual([])
  }, 60_000)
})
