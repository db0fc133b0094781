/**
 * People in the admin UI, end to end with a real server and Debian's Chromium: the first admin
 * signs in with the token and adds a member, members sign in with a password, an edit in an
 * environment that requires approval waits as a change request that another editor approves or
 * rejects, a viewer sees what they may not do and why, and a session ended by an admin sends
 * the page back to sign-in. The new pages pass an axe-core scan at 1366 and 390 px.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { seriousAxeFindings } from './support/axe.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'
import { signInWithPassword, signInWithToken } from './support/sign-in.js'
import { unlabelledControls } from './support/unlabelled.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_teams_0123456789'
const PASSWORD = 'a long password 123'
const POLL = { timeout: 15_000 }

let server: AndonServer
let browser: Browser
let page: Page

const signOut = async () => {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor()
}

async function checkPage(p: Page, hash: string, name: string) {
  await p.goto(`${server.url}/${hash}`)
  await p.locator('main h1').first().waitFor()
  await expect.poll(() => p.getByText(/^Loading/).count(), POLL).toBe(0)
  await screenshot(p, `admin-ui-teams-${name}`)
  expect(await seriousAxeFindings(p, `teams-${name}`)).toEqual([])
  expect(await unlabelledControls(p)).toEqual([])
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    p.viewportSize()!.width,
  )
}

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  await server.admin('POST', '/api/v1/flags', { key: 'new-checkout', name: 'New checkout' })
  await server.admin('PATCH', '/api/v1/environments/production', { requireApproval: true })
  for (const [email, name, roles] of [
    ['grace@example.com', 'Grace', { production: 'editor' }],
    ['vic@example.com', 'Vic', { production: 'viewer' }],
  ] as const) {
    await server.admin('POST', '/api/v1/members', { email, name, password: PASSWORD, roles })
  }
  browser = await launchChromium()
  page = await openPage(browser, { width: 1366, height: 900 })
  page.setDefaultTimeout(30_000)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('people in the admin UI', { timeout: 120_000 }, () => {
  it('signs the first admin in with the token, into a cookie session with no secret stored', async () => {
    await page.goto(server.url)
    await signInWithToken(page, ADMIN_TOKEN)
    expect(await page.locator('.whoami').textContent()).toContain('admin')
    const stored = await page.evaluate(() => [sessionStorage.length, localStorage.length])
    expect(stored).toEqual([0, 0])
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === 'andon_session')?.httpOnly).toBe(true)
  })

  it('adds a member with a password and an editor role in production', async () => {
    await checkPage(page, '#/members', 'members')
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com')
    await page.getByLabel('Name', { exact: true }).fill('Ada')
    await page.getByLabel('Password (optional)').fill(PASSWORD)
    await page.getByLabel('production', { exact: true }).selectOption('editor')
    await page.getByRole('button', { name: 'Add member' }).click()
    await page.getByRole('cell', { name: 'ada@example.com' }).waitFor()
    expect(await page.getByRole('row', { name: /ada@example.com/ }).textContent()).toContain(
      'editor in production',
    )
  })

  it('creates a service token whose secret is shown once', async () => {
    await checkPage(page, '#/tokens', 'tokens')
    await page.getByLabel('Token name').fill('ci pipeline')
    await page.getByLabel('Type').selectOption('service')
    await page.getByLabel('write in production').check()
    await page.getByRole('button', { name: 'Create token' }).click()
    expect(await page.getByLabel('New key secret').inputValue()).toMatch(/^tok_/)
    await page.getByRole('button', { name: 'Done' }).click()
    expect(await page.getByRole('row', { name: /ci pipeline/ }).textContent()).toContain(
      'write:production',
    )
    await signOut()
  })

  it('says a wrong password is wrong, then signs the member in', async () => {
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com')
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent(), POLL)
      .toBe('Wrong email or password.')
    await page.getByLabel('Email', { exact: true }).fill('')
    await signInWithPassword(page, 'ada@example.com', PASSWORD)
    expect(await page.locator('.whoami').textContent()).toContain('Ada')
    expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0)
  })

  it('makes switching on in production a change request, and does not pretend it applied', async () => {
    await page.goto(`${server.url}/#/flags/new-checkout/production`)
    const toggle = page.getByRole('switch', { name: 'new-checkout in production' })
    await toggle.click()
    await page.getByRole('button', { name: 'Request approval in production' }).click()
    await page.getByText('Your change awaits approval').waitFor()
    await screenshot(page, 'admin-ui-teams-requested')
    expect(await toggle.getAttribute('aria-checked')).toBe('false')
    await checkPage(page, '#/changes/production', 'changes-author')
    expect(await page.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true)
    await page.getByText('Someone else must approve your own change.').waitFor()
    await signOut()
  })

  it('lets another editor approve it, and the flag goes on', async () => {
    await signInWithPassword(page, 'grace@example.com', PASSWORD)
    await checkPage(page, '#/changes/production', 'changes-reviewer')
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.getByText('approved and applied').waitFor()
    await page.goto(`${server.url}/#/flags/new-checkout/production`)
    const toggle = page.getByRole('switch', { name: 'new-checkout in production' })
    await expect.poll(() => toggle.getAttribute('aria-checked'), POLL).toBe('true')
    await signOut()
  })

  it('shows a viewer what they may not do, and why', async () => {
    await page.goto(`${server.url}/#/flags`)
    await signInWithPassword(page, 'vic@example.com', PASSWORD)
    expect(await page.getByRole('button', { name: 'New flag' }).isDisabled()).toBe(true)
    await page.goto(`${server.url}/#/flags/new-checkout/production`)
    const save = page.getByRole('region', { name: 'Save' })
    await expect
      .poll(() => save.textContent(), POLL)
      .toContain('You need the editor role in production.')
    await checkPage(page, '#/environments', 'environments-viewer')
    expect(await page.getByLabel('Require approval').first().isDisabled()).toBe(true)
  })

  it('sends the page back to sign-in when an admin ends the session', async () => {
    const { members } = await server.admin<{ members: { id: number; email: string }[] }>(
      'GET',
      '/api/v1/members',
    )
    const vic = members.find((m) => m.email === 'vic@example.com')!
    await server.admin('DELETE', `/api/v1/members/${vic.id}/sessions`)
    await page.goto(`${server.url}/#/flags`)
    await page.getByText('Your session ended: sign in again.').waitFor()
  })

  it('shows the new pages on a phone with nothing off screen', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 })
    await phone.goto(server.url)
    await signInWithToken(phone, ADMIN_TOKEN)
    await checkPage(phone, '#/members', 'members-phone')
    await checkPage(phone, '#/tokens', 'tokens-phone')
    await checkPage(phone, '#/changes/production', 'changes-phone')
    await phone.context().close()
  })
})
