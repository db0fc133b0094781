/**
 * Production treated as production, end to end (a real server and Debian's Chromium): in a
 * critical environment every change to a flag asks one confirmation that says in plain words
 * what changes and takes a comment, which the audit log then shows; the kill switch stays one
 * click and one confirmation; a non-critical environment saves at once; the Environments page
 * marks an environment critical or not. Screenshots go to tests/artifacts/.
 */
import type { Browser, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { seriousAxeFindings } from './support/axe.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_critical_0123456789'
const FLAG = 'checkout-ramp'
const COMMENT = 'Error budget reviewed with the payments team'
const POLL = { timeout: 30_000 }

let server: AndonServer
let browser: Browser
let page: Page
/** The PATCH requests the page sent to the flag's configs, as "env body". */
const patches: string[] = []

interface Config {
  version: number
  enabled: boolean
  fallthrough: unknown
}
interface Entry {
  action: string
  environment: string | null
  comment: string | null
}
const configOf = (env: string) =>
  server.admin<Config>('GET', `/api/v1/flags/${FLAG}/environments/${env}`)
const ramp = (share: number) => ({
  rollout: {
    variations: [
      { variation: 1, weight: share * 1000 },
      { variation: 0, weight: (100 - share) * 1000 },
    ],
  },
})
const go = async (hash: string) => {
  await page.goto(`${server.url}/${hash}`)
  await page.locator('main h1').first().waitFor()
}
const switchOf = (env: string) => page.getByRole('switch', { name: `${FLAG} in ${env}` })
const dialog = () => page.getByRole('dialog')
const criticalBox = (env: string) =>
  page.getByRole('region', { name: env, exact: true }).getByLabel('Critical environment')

function recordPatches(request: Request) {
  const m = /\/api\/v1\/flags\/[^/]+\/environments\/([^/?]+)$/.exec(request.url())
  if (m && request.method() === 'PATCH') patches.push(`${m[1]} ${request.postData() ?? ''}`)
}

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await server.admin('POST', '/api/v1/flags', { key: FLAG })
  for (const env of ['production', 'development']) {
    await server.admin('PATCH', `/api/v1/flags/${FLAG}/environments/${env}`, {
      enabled: true,
      fallthrough: ramp(25),
    })
  }
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 900 })
  page.setDefaultTimeout(30_000)
  page.on('request', recordPatches)
  await page.goto(server.url)
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('changes in a critical environment', { timeout: 120_000 }, () => {
  it('shows production as critical and development not on the Environments page', async () => {
    const envs = await server.admin<{ environments: { key: string; critical: boolean }[] }>(
      'GET',
      '/api/v1/environments',
    )
    expect(envs.environments.map((e) => [e.key, e.critical])).toEqual(
      expect.arrayContaining([
        ['production', true],
        ['development', false],
      ]),
    )
    await go('#/environments')
    await expect.poll(() => criticalBox('production').isChecked(), POLL).toBe(true)
    expect(await criticalBox('development').isChecked()).toBe(false)
  })

  it('asks before saving a rollout in production, saying what changes, and keeps the comment', async () => {
    await go(`#/flags/${FLAG}/production`)
    const percent = page.getByLabel('Rollout percentage', { exact: true })
    await expect.poll(() => percent.inputValue(), POLL).toBe('25')
    await percent.fill('50')
    patches.length = 0
    await page.getByRole('button', { name: 'Save changes' }).click()
    await dialog().waitFor()
    expect(await dialog().getByRole('heading').textContent()).toBe(`Save ${FLAG} in production?`)
    expect(await dialog().getByRole('listitem').allTextContents()).toEqual([
      'Default rule: 25 % → 50 % of contexts get true',
    ])
    // Nothing is sent before the confirmation.
    expect(patches).toEqual([])
    await dialog().getByLabel('Comment (optional, kept in the audit log)').fill(COMMENT)
    await screenshot(page, 'admin-ui-critical-01-confirm-rollout')
    expect(await seriousAxeFindings(page, 'critical-confirm')).toEqual([])
    await dialog().getByRole('button', { name: 'Save in production' }).click()
    await page.getByText('Saved as version').waitFor()
    expect(await dialog().count()).toBe(0)
    expect(patches).toHaveLength(1)
    expect((await configOf('production')).fallthrough).toEqual(ramp(50))
  })

  it('shows the comment in the audit log', async () => {
    const audit = await server.admin<{ entries: Entry[] }>(
      'GET',
      `/api/v1/audit?flag=${FLAG}&environment=production&limit=1`,
    )
    expect(audit.entries[0]).toMatchObject({ environment: 'production', comment: COMMENT })
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByLabel('Flag key').fill(FLAG)
    const newest = page.locator('.audit-list > li').first()
    await expect.poll(() => newest.locator('summary').textContent(), POLL).toContain(COMMENT)
    await screenshot(page, 'admin-ui-critical-02-audit-comment')
  })

  it('keeps the kill switch one click and one confirmation, and Cancel changes nothing', async () => {
    await go('#/flags')
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('true')
    patches.length = 0
    await switchOf('production').click()
    await dialog().getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => dialog().count(), POLL).toBe(0)
    expect(patches).toEqual([])
    expect((await configOf('production')).enabled).toBe(true)

    await switchOf('production').click()
    expect(await dialog().getByRole('listitem').allTextContents()).toEqual(['Switch off'])
    await screenshot(page, 'admin-ui-critical-03-kill-switch')
    await dialog().getByRole('button', { name: 'Switch off in production' }).click()
    await expect.poll(() => switchOf('production').getAttribute('aria-checked'), POLL).toBe('false')
    // One PATCH, and no second question.
    await page.waitForTimeout(300)
    expect(await dialog().count()).toBe(0)
    expect(patches).toEqual(['production {"enabled":false}'])
    expect((await configOf('production')).enabled).toBe(false)
  })

  it('changes a non-critical environment at once, without a dialog', async () => {
    await go('#/flags')
    patches.length = 0
    await switchOf('development').click()
    await expect
      .poll(() => switchOf('development').getAttribute('aria-checked'), POLL)
      .toBe('false')
    expect(await dialog().count()).toBe(0)
    expect(patches).toEqual(['development {"enabled":false}'])

    await go(`#/flags/${FLAG}/development`)
    const percent = page.getByLabel('Rollout percentage', { exact: true })
    await expect.poll(() => percent.inputValue(), POLL).toBe('25')
    await percent.fill('40')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Saved as version').waitFor()
    expect(await dialog().count()).toBe(0)
    expect((await configOf('development')).fallthrough).toEqual(ramp(40))
  })

  it('marks an environment critical from the Environments page, and then asks there', async () => {
    await go('#/environments')
    await criticalBox('development').check()
    await expect
      .poll(async () => {
        const { environments } = await server.admin<{
          environments: { key: string; critical: boolean }[]
        }>('GET', '/api/v1/environments')
        return environments.find((e) => e.key === 'development')?.critical
      }, POLL)
      .toBe(true)
    await go('#/flags')
    await switchOf('development').click()
    await dialog().getByRole('button', { name: 'Switch on in development' }).click()
    await expect.poll(() => switchOf('development').getAttribute('aria-checked'), POLL).toBe('true')

    await go('#/environments')
    await criticalBox('development').uncheck()
    await expect.poll(() => criticalBox('development').isChecked(), POLL).toBe(false)
  })
})
