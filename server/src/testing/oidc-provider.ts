/**
 * A real OpenID provider for tests (oidc-provider) on a free port of 127.0.0.1: one client,
 * PKCE required, a plain HTML login form that checks the user's password, and consent given
 * without asking. It releases `email`, `name` and `groups` (under the scopes of those names).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
// @ts-expect-error oidc-provider ships no type declarations; the parts used are typed below.
import { Provider as UntypedProvider } from 'oidc-provider'

export interface TestUser {
  sub: string
  email: string
  name: string
  password: string
  groups: string[]
}

export interface OidcProviderOptions {
  users: TestUser[]
  clientId: string
  redirectUris: string[]
  /** Without one the client is public (`token_endpoint_auth_method: none`). */
  clientSecret?: string
  /** A port to listen on; a free one by default. */
  port?: number
}

export interface TestOidcProvider {
  issuer: string
  close(): Promise<void>
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void

interface Grant {
  addOIDCScope(scope: string): void
  save(): Promise<string>
}

interface ProviderContext {
  oidc: {
    client: { clientId: string }
    session: { accountId: string; grantIdFor(clientId: string): string | undefined }
    result?: { consent?: { grantId?: string } }
    provider: OidcProvider
  }
}

interface OidcProvider {
  callback(): NodeHandler
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ uid: string; prompt: { name: string } }>
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: { login: { accountId: string } },
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>
  Grant: {
    new (init: { clientId: string; accountId: string }): Grant
    find(id: string): Promise<Grant | undefined>
  }
}

const Provider = UntypedProvider as new (issuer: string, configuration: object) => OidcProvider

const SCOPES = 'openid email profile groups'

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  let handle: NodeHandler = (_req, res) => res.writeHead(503).end()
  const server = createServer((req, res) => handle(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, providerConfiguration(options))
  const oidcHandler = provider.callback()

  handle = (req, res) => {
    const uid = /^\/interaction\/([^/?]+)$/.exec(req.url?.split('?')[0] ?? '')?.[1]
    if (uid === undefined) return oidcHandler(req, res)
    interaction(provider, options.users, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' })
      res.end(error instanceof Error ? error.message : 'interaction failed')
    })
  }

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

function providerConfiguration(options: OidcProviderOptions): object {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  return {
    clients: [
      {
        client_id: options.clientId,
        redirect_uris: options.redirectUris,
        ...(options.clientSecret === undefined
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: options.clientSecret }),
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    // Lifetimes in seconds, set so that the provider does not print a notice for each.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256' }] },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = options.users.find((u) => u.sub === sub)
      if (user === undefined) return undefined
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          groups: user.groups,
        }),
      }
    },
    // Consent without asking: a grant of every scope, made the first time it is looked for.
    loadExistingGrant: async (ctx: ProviderContext) => {
      const { client, session, result, provider } = ctx.oidc
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId)
      if (grantId !== undefined) return provider.Grant.find(grantId)
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId })
      grant.addOIDCScope(SCOPES)
      await grant.save()
      return grant
    },
  }
}

/** GET shows the login form; POST checks it and finishes the login, or shows it again. */
async function interaction(
  provider: OidcProvider,
  users: TestUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res)
  if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`)
  if (req.method !== 'POST') return loginForm(res, details.uid, '', undefined)
  const form = new URLSearchParams(await bodyOf(req))
  const login = form.get('login') ?? ''
  const user = users.find((u) => u.email === login || u.sub === login)
  if (user === undefined || user.password !== form.get('password')) {
    return loginForm(res, details.uid, login, 'Wrong email or password.')
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  )
}

function loginForm(res: ServerResponse, uid: string, login: string, error: string | undefined) {
  const alert = error === undefined ? '' : `<p role="alert">${escapeHtml(error)}</p>`
  res.writeHead(error === undefined ? 200 : 401, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<h1>Sign in to the test identity provider</h1>
${alert}
<form method="post" action="/interaction/${encodeURIComponent(uid)}">
<label for="login">Email</label> <input id="login" name="login" value="${escapeHtml(login)}">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button>
</form>
</body>
</html>`)
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
