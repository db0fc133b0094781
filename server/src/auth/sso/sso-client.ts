/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE, as a relying party
 * of the identity provider named in SsoConfig. `begin` makes the URL to send the browser to and
 * the `pending` text the server keeps in a short-lived HttpOnly cookie until the browser comes
 * back; `finish` checks the response against it, exchanges the code and says who signed in.
 */
import * as oidc from 'openid-client'
import { z } from 'zod'
import type { SsoConfig } from './sso-config.js'

/** Who signed in, as the identity provider vouches. Members are found by `email`. */
export interface SsoIdentity {
  issuer: string
  subject: string
  email: string
  name: string
  groups: string[]
}

/** The identity, and the same-origin path to show once signed in. */
export type SsoSignIn = SsoIdentity & { returnTo: string }

export interface SsoClient {
  /** The identity provider's name, for the sign-in button. */
  name: string
  begin(returnTo: string, redirectUri: string): Promise<{ url: string; pending: string }>
  finish(callbackUrl: URL, pending: string, redirectUri: string): Promise<SsoSignIn>
}

/** A sign-in that failed; the message is fit to show the person signing in. */
export class SsoError extends Error {
  override name = 'SsoError'
}

/** How long a begun sign-in may take: the pending cookie's Max-Age too. */
export const PENDING_TTL_MS = 10 * 60_000

/** Seconds each request to the identity provider may take. */
const REQUEST_TIMEOUT_S = 10

const UNREACHABLE = 'The identity provider could not be reached. Please try again in a moment.'
const NOT_STARTED_HERE =
  'This sign-in was not started in this browser, or took too long. Please sign in again.'
const FAILED = 'Signing in with the identity provider failed. Please try again.'
const CLIENT_REFUSED =
  'The identity provider did not accept Andon as a client: an administrator needs to check the single sign-on settings.'

/**
 * A path on this server to return to after signing in, else `/`. `//host` and `/\host` are
 * other hosts to a browser, and control characters are dropped by URL parsers: both refused.
 */
export function safeReturnPath(path: unknown): string {
  if (typeof path !== 'string' || path.length > 2000) return '/'
  if (!/^\/(?![/\\])/.test(path) || /[\p{Cc}\\]/u.test(path)) return '/'
  const base = 'http://andon.invalid'
  return new URL(path, base).origin === base ? path : '/'
}

const pendingSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  returnTo: z.string(),
  startedAt: z.number(),
})
type Pending = z.infer<typeof pendingSchema>

const encodePending = (pending: Pending): string =>
  Buffer.from(JSON.stringify(pending)).toString('base64url')

function decodePending(text: string): Pending | undefined {
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString()))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * With a secret: client_secret_basic, OpenID Connect's default, unless the provider offers only
 * client_secret_post. Decided per request, from the discovered metadata.
 */
function clientAuthentication(secret: string | undefined): oidc.ClientAuth {
  if (secret === undefined) return oidc.None()
  const basic = oidc.ClientSecretBasic(secret)
  const post = oidc.ClientSecretPost(secret)
  return (as, client, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported
    const postOnly =
      methods?.includes('client_secret_post') === true && !methods.includes('client_secret_basic')
    ;(postOnly ? post : basic)(as, client, body, headers)
  }
}

/** A claim the provider sent (`constructor` is not one of them). */
const claimAt = (claims: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(claims, name) ? claims[name] : undefined

function groupsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (!Array.isArray(value)) return []
  return value.filter((g): g is string => typeof g === 'string')
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/** The identity provider's own words, short: it may explain what to fix there. */
function providerSays(error: string, description: string | undefined): string {
  return (description ?? error).slice(0, 200)
}

function exchangeError(cause: unknown): SsoError {
  if (cause instanceof oidc.AuthorizationResponseError) {
    const message =
      cause.error === 'access_denied'
        ? 'Sign-in was cancelled or refused at the identity provider.'
        : `The identity provider refused the sign-in: ${providerSays(cause.error, cause.error_description)}`
    return new SsoError(message, { cause })
  }
  // The token endpoint answers an error in the body, or (a wrong secret) in WWW-Authenticate.
  const refusal =
    cause instanceof oidc.ResponseBodyError
      ? cause
      : cause instanceof oidc.WWWAuthenticateChallengeError
        ? cause.cause[0]?.parameters
        : undefined
  if (refusal?.error === 'invalid_client') {
    return new SsoError(CLIENT_REFUSED, { cause })
  }
  if (refusal?.error !== undefined) {
    const says = providerSays(refusal.error, refusal.error_description)
    return new SsoError(`The identity provider did not accept the sign-in: ${says}`, { cause })
  }
  return new SsoError(FAILED, { cause })
}

export interface SsoClientOptions {
  /** The clock that ages pending sign-ins (ms since the epoch). */
  now?: () => number
}

/** A client for the configured identity provider; it is discovered at first use, not here. */
export function createSsoClient(config: SsoConfig, options: SsoClientOptions = {}): SsoClient {
  const now = options.now ?? Date.now
  let discovered: Promise<oidc.Configuration> | undefined

  // The provider may start after Andon, or be down for a while: a failed discovery is
  // forgotten, and the next sign-in tries again.
  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        config.issuer,
        config.clientId,
        undefined,
        clientAuthentication(config.clientSecret),
        {
          // openid-client refuses plain http unless told; SsoConfig allows it for loopback only.
          execute: config.allowHttp ? [oidc.allowInsecureRequests] : [],
          timeout: REQUEST_TIMEOUT_S,
        },
      )
      .catch((cause: unknown) => {
        discovered = undefined
        throw new SsoError(UNREACHABLE, { cause })
      })
    return discovered
  }

  async function claimsOf(
    provider: oidc.Configuration,
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  ): Promise<{ issuer: string; subject: string; claims: Record<string, unknown> }> {
    const idToken = tokens.claims()
    if (idToken === undefined) throw new SsoError(FAILED)
    const found = { issuer: idToken.iss, subject: idToken.sub }
    const complete =
      text(idToken.email) !== undefined && claimAt(idToken, config.groupsClaim) !== undefined
    // Many providers keep email and groups out of the ID token of a code flow: ask userinfo.
    if (complete || provider.serverMetadata().userinfo_endpoint === undefined) {
      return { ...found, claims: idToken }
    }
    try {
      const info = await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub)
      return { ...found, claims: { ...idToken, ...info } }
    } catch (cause) {
      throw exchangeError(cause)
    }
  }

  return {
    name: config.name,

    async begin(returnTo, redirectUri) {
      const provider = await configuration()
      const pending: Pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        returnTo: safeReturnPath(returnTo),
        startedAt: now(),
      }
      const url = oidc.buildAuthorizationUrl(provider, {
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      })
      return { url: url.href, pending: encodePending(pending) }
    },

    async finish(callbackUrl, pendingText, redirectUri) {
      const pending = decodePending(pendingText)
      const age = pending === undefined ? Infinity : now() - pending.startedAt
      // The state ties the response to this browser's sign-in (no login CSRF).
      if (pending === undefined || age > PENDING_TTL_MS || age < 0) {
        throw new SsoError(NOT_STARTED_HERE)
      }
      if (callbackUrl.searchParams.get('state') !== pending.state) {
        throw new SsoError(NOT_STARTED_HERE)
      }
      const provider = await configuration()
      // The redirect URI of the exchange must be the one sent in `begin`, whatever URL the
      // request reached this server at behind a proxy.
      const responseUrl = new URL(redirectUri)
      responseUrl.search = callbackUrl.search
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers
      try {
        tokens = await oidc.authorizationCodeGrant(provider, responseUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
        })
      } catch (cause) {
        throw exchangeError(cause)
      }
      const { issuer, subject, claims } = await claimsOf(provider, tokens)
      const email = text(claims.email)
      if (email === undefined || !email.includes('@')) {
        throw new SsoError(
          'The identity provider did not share your email address, which Andon needs. Ask its administrator to release the email claim to Andon.',
        )
      }
      // Members are found by email: an address the provider has not checked could be anyone's.
      if (claims.email_verified === false || claims.email_verified === 'false') {
        throw new SsoError('Your email address is not verified at the identity provider.')
      }
      return {
        issuer,
        subject,
        email,
        name: text(claims.name) ?? text(claims.preferred_username) ?? email,
        groups: groupsIn(claimAt(claims, config.groupsClaim)),
        returnTo: safeReturnPath(pending.returnTo),
      }
    },
  }
}
