import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { createSsoClient, PENDING_TTL_MS, safeReturnPath, SsoError } from './sso-client.js'
import { ssoConfigFromEnv, type SsoConfig } from './sso-config.js'

const ANDON = 'http://andon.test'
const REDIRECT_URI = `${ANDON}/api/v1/auth/sso/callback`

const alice = {
  sub: 'u-alice',
  email: 'alice@example.com',
  name: 'Alice Ops',
  password: 'correct horse battery staple',
  groups: ['platform', 'release-managers'],
}

function configFor(issuer: string, env: NodeJS.ProcessEnv = {}): SsoConfig {
  const config = ssoConfigFromEnv({
    ANDON_OIDC_ISSUER: issuer,
    ANDON_OIDC_CLIENT_ID: 'andon',
    ANDON_OIDC_SCOPES: 'openid email profile groups',
    ...env,
  })
  if (config === null) throw new Error('single sign-on is off')
  return config
}

/** Enough of a browser for the provider: a cookie jar, and redirects followed by hand. */
function browser() {
  const jar = new Map<string, string>()

  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const name = pair.slice(0, pair.indexOf('=')).trim()
      const value = pair.slice(pair.indexOf('=') + 1).trim()
      const gone = value === '' || attributes.some((a) => /^\s*expires=.*1970/i.test(a))
      if (gone) jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }

  /** Follows redirects until one goes back to Andon (not fetched) or a page answers. */
  async function follow(url: string, init?: RequestInit): Promise<URL | Response> {
    let response = await request(url, init)
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') ?? '', response.url || url)
      if (next.href.startsWith(REDIRECT_URI)) return next
      response = await request(next.href)
    }
    return response
  }

  /** Opens the authorization URL and answers the login form: where the provider sends back to. */
  async function signIn(authorizeUrl: string, login: string, password: string) {
    const page = await follow(authorizeUrl)
    if (page instanceof URL) return page
    const html = await page.text()
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
    if (action === undefined) throw new Error(`no login form: ${page.status} ${html}`)
    return follow(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password }).toString(),
    })
  }

  return { signIn, follow }
}

async function callbackOf(result: URL | Response): Promise<URL> {
  if (result instanceof URL) return result
  throw new Error(`stayed at the provider: ${result.status} ${await result.text()}`)
}

describe('single sign-on against a real OpenID provider', () => {
  let provider: TestOidcProvider

  beforeAll(async () => {
    provider = await startOidcProvider({
      users: [alice],
      clientId: 'andon',
      redirectUris: [REDIRECT_URI],
    })
  })
  afterAll(() => provider.close())

  it('signs a person in and says who they are, with their groups and where to go', async () => {
    const sso = createSsoClient(configFor(provider.issuer, { ANDON_OIDC_NAME: 'Example SSO' }))
    const { url, pending } = await sso.begin('/flags/checkout?env=production', REDIRECT_URI)

    const authorize = new URL(url)
    expect(authorize.origin).toBe(provider.issuer)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(authorize.searchParams.get('scope')).toBe('openid email profile groups')
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI)

    const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))
    expect(callback.searchParams.get('code')).not.toBeNull()

    expect(sso.name).toBe('Example SSO')
    expect(await sso.finish(callback, pending, REDIRECT_URI)).toEqual({
      issuer: provider.issuer,
      subject: 'u-alice',
      email: 'alice@example.com',
      name: 'Alice Ops',
      groups: ['platform', 'release-managers'],
      returnTo: '/flags/checkout?env=production',
    })
  })

  it('refuses a response to a sign-in that another browser started', async () => {
    const sso = createSsoClient(configFor(provider.issuer))
    const mine = await sso.begin('/', REDIRECT_URI)
    const theirs = await sso.begin('/', REDIRECT_URI)
    const callback = await callbackOf(await browser().signIn(theirs.url, 'u-alice', alice.password))

    await expect(sso.finish(callback, mine.pending, REDIRECT_URI)).rejects.toThrow(
      new SsoError(
        'This sign-in was not started in this browser, or took too long. Please sign in again.',
      ),
    )
    // Refused on the state, before the code was spent: the browser that began it still can.
    await expect(sso.finish(callback, theirs.pending, REDIRECT_URI)).resolves.toMatchObject({
      email: 'alice@example.com',
    })
  })

  it('refuses a pending sign-in that is not one, or is too old', async () => {
    let now = 1_000_000
    const sso = createSsoClient(configFor(provider.issuer), { now: () => now })
    const { url, pending } = await sso.begin('/', REDIRECT_URI)
    const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))

    await expect(sso.finish(callback, 'not-a-pending-sign-in', REDIRECT_URI)).rejects.toThrow(
      SsoError,
    )
    now += PENDING_TTL_MS + 1
    await expect(sso.finish(callback, pending, REDIRECT_URI)).rejects.toThrow(/took too long/)
  })

  it('does not sign in with a wrong password', async () => {
    const sso = createSsoClient(configFor(provider.issuer))
    const { url } = await sso.begin('/', REDIRECT_URI)

    const result = await browser().signIn(url, alice.email, 'wrong password')

    expect(result).toBeInstanceOf(Response)
    const page = result as Response
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('Wrong email or password.')
  })

  it('is refused by the provider without PKCE, and says why', async () => {
    const sso = createSsoClient(configFor(provider.issuer))
    const { url, pending } = await sso.begin('/', REDIRECT_URI)
    const withoutPkce = new URL(url)
    withoutPkce.searchParams.delete('code_challenge')
    withoutPkce.searchParams.delete('code_challenge_method')

    const callback = await callbackOf(await browser().follow(withoutPkce.href))

    expect(callback.searchParams.get('error')).toBe('invalid_request')
    await expect(sso.finish(callback, pending, REDIRECT_URI)).rejects.toThrow(
      /^The identity provider refused the sign-in: .*PKCE/,
    )
  })

  it('refuses a person whose email the provider does not share', async () => {
    const sso = createSsoClient(configFor(provider.issuer, { ANDON_OIDC_SCOPES: 'openid profile' }))
    const { url, pending } = await sso.begin('/', REDIRECT_URI)
    const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))

    await expect(sso.finish(callback, pending, REDIRECT_URI)).rejects.toThrow(
      /did not share your email address/,
    )
  })

  it('finds no groups when the provider does not send the claim named', async () => {
    const sso = createSsoClient(configFor(provider.issuer, { ANDON_OIDC_GROUPS_CLAIM: 'roles' }))
    const { url, pending } = await sso.begin('/', REDIRECT_URI)
    const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))

    expect(await sso.finish(callback, pending, REDIRECT_URI)).toMatchObject({
      email: 'alice@example.com',
      groups: [],
    })
  })

  it('returns only to a path on this server', async () => {
    const sso = createSsoClient(configFor(provider.issuer))
    const { url, pending } = await sso.begin('//evil.example/phish', REDIRECT_URI)
    const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))

    expect((await sso.finish(callback, pending, REDIRECT_URI)).returnTo).toBe('/')
  })
})

describe('safeReturnPath', () => {
  it.each([
    ['/flags', '/flags'],
    ['/flags/new?env=production#rules', '/flags/new?env=production#rules'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['https://evil.example/flags', '/'],
    ['javascript:alert(1)', '/'],
    ['flags', '/'],
    ['', '/'],
    [undefined, '/'],
  ])('%j becomes %j', (path, safe) => {
    expect(safeReturnPath(path)).toBe(safe)
  })
})

describe('a confidential client', () => {
  it('signs in with its client secret', async () => {
    const provider = await startOidcProvider({
      users: [alice],
      clientId: 'andon',
      clientSecret: 'a client secret of some length',
      redirectUris: [REDIRECT_URI],
    })
    try {
      const config = configFor(provider.issuer, {
        ANDON_OIDC_CLIENT_SECRET: 'a client secret of some length',
      })
      const sso = createSsoClient(config)
      const { url, pending } = await sso.begin('/', REDIRECT_URI)
      const callback = await callbackOf(await browser().signIn(url, alice.email, alice.password))
      await expect(sso.finish(callback, pending, REDIRECT_URI)).resolves.toMatchObject({
        subject: 'u-alice',
      })

      const wrongSecret = createSsoClient({ ...config, clientSecret: 'not the secret' })
      const second = await wrongSecret.begin('/', REDIRECT_URI)
      const again = await callbackOf(await browser().signIn(second.url, 'u-alice', alice.password))
      await expect(wrongSecret.finish(again, second.pending, REDIRECT_URI)).rejects.toThrow(
        /^The identity provider did not accept Andon as a client/,
      )
    } finally {
      await provider.close()
    }
  })
})

describe('discovery', () => {
  it('waits for the provider: a failed discovery is tried again at the next sign-in', async () => {
    const first = await startOidcProvider({ users: [], clientId: 'andon', redirectUris: [] })
    const port = Number(new URL(first.issuer).port)
    await first.close()
    const sso = createSsoClient(configFor(first.issuer))

    await expect(sso.begin('/', REDIRECT_URI)).rejects.toThrow(
      new SsoError('The identity provider could not be reached. Please try again in a moment.'),
    )

    const provider = await startOidcProvider({
      users: [alice],
      clientId: 'andon',
      redirectUris: [REDIRECT_URI],
      port,
    })
    try {
      const { url } = await sso.begin('/', REDIRECT_URI)
      expect(new URL(url).origin).toBe(first.issuer)
    } finally {
      await provider.close()
    }
  })
})
