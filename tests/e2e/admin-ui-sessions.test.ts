/**
 * Sessions of the admin UI, end to end: a real server process, a real OpenID provider
 * (oidc-provider) and Debian's Chromium. Signing in with a password and with single sign-on
 * (roles from the provider's groups), the session cookie out of the page's reach, and each
 * abuse refused as it should be: a forged cookie, a cross-site request riding the cookie, a
 * revoked token, an expired session, a role taken away while signed in.
 */
import { createServer, type Server } from 'node:http'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOidcProvider, type TestOidcProvider } from '../../server/src/testing/oidc-provider.js'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { seriousAxeFindings } from './support/axe.js'
import { launchChromium, screenshot } from './support/browser.js'
import { signInWithPassword, signInWithToken } from './support/sign-in.js'
import { freePort } from '../readme/processes.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_teams_0123456789'
const PASSWORD = 'correct horse battery'
const POLL = { timeout: 30_000 }
const FLAG = 'team-checkout'

let server: AndonServer
let provider: TestOidcProvider
let browser: Browser
const contexts: BrowserContext[] = []

const alice = {
  sub: 'u-alice',
  email: 'alice@example.com',
  name: 'Alice Ops',
  password: 'alice passphrase 1',
  groups: ['platform'],
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  return page
}

async function signInAs(page: Page, email: string, url = server.url) {
  await page.goto(url)
  await signInWithPassword(page, email, PASSWORD)
}

async function signInWithTokenAt(page: Page, token: string) {
  await page.goto(server.url)
  await signInWithToken(page, token)
}

const signInPage = (page: Page) => page.getByLabel('Email', { exact: true }).waitFor()

beforeAll(async () => {
  await ensureAdminUiBuilt()
  const port = await freePort()
  provider = await startOidcProvider({
    users: [alice],
    clientId: 'andon',
    redirectUris: [`http://127.0.0.1:${port}/api/v1/auth/sso/callback`],
  })
  server = await startAndonServer({
    port,
    adminToken: ADMIN_TOKEN,
    env: {
      ANDON_OIDC_ISSUER: provider.issuer,
      ANDON_OIDC_CLIENT_ID: 'andon',
      ANDON_OIDC_NAME: 'Example SSO',
      ANDON_OIDC_SCOPES: 'openid email profile groups',
      ANDON_OIDC_ROLES: JSON.stringify({ platform: ['admin'] }),
    },
  })
  await server.admin('POST', '/api/v1/flags', { key: FLAG })
  for (const [email, roles] of [
    ['erin@example.com', { production: 'editor' }],
    ['vera@example.com', {}],
  ] as const) {
    await server.admin('POST', '/api/v1/members', { email, password: PASSWORD, roles })
  }
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await server?.stop()
  await provider?.close()
})

describe('people in the admin UI', { timeout: 120_000 }, () => {
  it('signs in with a password into a session the page can not read', async () => {
    const page = await newPage()
    await page.goto(server.url)
    expect(await seriousAxeFindings(page, 'sign-in')).toEqual([])
    await screenshot(page, 'admin-ui-teams-01-sign-in')
    await signInAs(page, 'erin@example.com')
    const [cookie] = await page.context().cookies()
    expect(cookie).toMatchObject({
      name: 'andon_session',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    })
    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      stored: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    }))
    expect(seen.cookie).not.toContain('andon_session')
    expect(seen.stored).not.toContain(cookie?.value ?? 'no cookie')
    expect(seen.stored).not.toMatch(/adm_|tok_/)
  })

  it('refuses a forged session cookie: back to signing in', async () => {
    const page = await newPage()
    const url = new URL(server.url)
    await page
      .context()
      .addCookies([
        { name: 'andon_session', value: 'forged'.repeat(7), domain: url.hostname, path: '/' },
      ])
    await page.goto(server.url)
    await signInPage(page)
    const status = await page.evaluate(async () => (await fetch('/api/v1/flags')).status)
    expect(status).toBe(401)
  })

  it('refuses a request from another page riding the cookie, even from the same site', async () => {
    // A change request waiting for approval: one POST without a body would approve it.
    await server.admin('PATCH', '/api/v1/environments/production', { requireApproval: true })
    const erinToken = await server.admin<{ token: string }>('POST', '/api/v1/tokens', {
      name: 'pipeline',
      scopes: ['write:production'],
    })
    const asked = await fetch(`${server.url}/api/v1/flags/${FLAG}/environments/production`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${erinToken.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    })
    expect(asked.status).toBe(202)
    const { changeRequest } = (await asked.json()) as { changeRequest: { id: number } }
    const approve = `${server.url}/api/v1/environments/production/change-requests/${changeRequest.id}/approve`

    const page = await newPage()
    await signInAs(page, 'erin@example.com')
    // Another port of the same host is the same site: SameSite lets the cookie go along, and a
    // form POST needs no CORS preflight. Only the CSRF check stands in the way.
    const attacker = await startPage(
      `<form id="f" method="post" action="${approve}"></form>
       <script>fetch(${JSON.stringify(approve)}, { method: 'POST', mode: 'no-cors', credentials: 'include' }).finally(() => document.getElementById('f').submit())</script>`,
    )
    try {
      const answered = page.waitForResponse((r) => r.url() === approve)
      await page.goto(attacker.url)
      expect((await answered).status()).toBe(403)
    } finally {
      attacker.server.close()
    }
    const open = await server.admin<{ changeRequests: { status: string }[] }>(
      'GET',
      '/api/v1/environments/production/change-requests',
    )
    expect(open.changeRequests.map((r) => r.status)).toEqual(['open'])
    await server.admin('PATCH', '/api/v1/environments/production', { requireApproval: false })
  })

  it('signs out a session made with a token once the token is revoked', async () => {
    const made = await server.admin<{ id: number; token: string }>('POST', '/api/v1/tokens', {
      name: 'on-call laptop',
      scopes: ['admin'],
    })
    const page = await newPage()
    await signInWithTokenAt(page, made.token)
    await server.admin('DELETE', `/api/v1/tokens/${made.id}`)
    await page.reload()
    await signInPage(page)
    const status = await page.evaluate(async () => (await fetch('/api/v1/flags')).status)
    expect(status).toBe(401)
  })

  it('refuses a change once the role is taken away while signed in; switching off still works', async () => {
    const page = await newPage()
    await signInAs(page, 'erin@example.com')
    const members = await server.admin<{ members: { id: number; email: string }[] }>(
      'GET',
      '/api/v1/members',
    )
    const erin = members.members.find((m) => m.email === 'erin@example.com')
    await server.admin('PATCH', `/api/v1/members/${erin?.id}`, {
      roles: { production: 'viewer' },
    })
    const on = page.getByRole('switch', { name: `${FLAG} in production` })
    await expect.poll(() => on.getAttribute('aria-checked'), POLL).toBe('false')
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/flags/${FLAG}/environments/production`) &&
        r.request().method() === 'PATCH',
    )
    await on.click()
    await page.getByRole('dialog').getByRole('button', { name: 'Switch on in production' }).click()
    expect((await answered).status()).toBe(403)
    await expect
      .poll(() => page.getByText(/editor role in production/).count(), POLL)
      .toBeGreaterThan(0)
    await screenshot(page, 'admin-ui-teams-02-role-taken')
    const config = await server.admin<{ enabled: boolean }>(
      'GET',
      `/api/v1/flags/${FLAG}/environments/production`,
    )
    expect(config.enabled).toBe(false)
  })

  it('signs in with single sign-on, with the roles of the provider’s groups', async () => {
    const page = await newPage()
    await page.goto(server.url)
    await page.getByRole('link', { name: 'Sign in with Example SSO' }).click()
    await page.getByLabel(/email/i).first().fill(alice.email)
    await page.getByLabel(/password/i).fill(alice.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
    // The platform group makes Alice an admin: the members page is hers.
    await page.getByRole('link', { name: 'Members' }).click()
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor()
    await expect.poll(() => page.getByText('alice@example.com').count(), POLL).toBeGreaterThan(0)
    expect(await seriousAxeFindings(page, 'members')).toEqual([])
    await screenshot(page, 'admin-ui-teams-03-members')
    const members = await server.admin<{ members: { email: string; admin: boolean }[] }>(
      'GET',
      '/api/v1/members',
    )
    expect(members.members.find((m) => m.email === alice.email)).toMatchObject({
      admin: true,
      managedBySso: true,
    })
  })
})

describe('a session past its time', { timeout: 120_000 }, () => {
  it('ends: the next request goes back to signing in', async () => {
    const short = await startAndonServer({
      adminToken: ADMIN_TOKEN,
      env: { ANDON_SESSION_HOURS: String(4 / 3600) },
    })
    try {
      await short.admin('POST', '/api/v1/members', { email: 'sam@example.com', password: PASSWORD })
      const page = await newPage()
      await signInAs(page, 'sam@example.com', short.url)
      await new Promise((resolve) => setTimeout(resolve, 4_500))
      const status = await page.evaluate(async () => (await fetch('/api/v1/flags')).status)
      expect(status).toBe(401)
      await page.reload()
      await signInPage(page)
    } finally {
      await short.stop()
    }
  })
})

/** A page on another port of this host, as an attacker's. */
async function startPage(html: string): Promise<{ url: string; server: Server }> {
  const page = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(`<!doctype html><html><body>${html}</body></html>`)
  })
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve))
  const { port } = page.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/`, server: page }
}
