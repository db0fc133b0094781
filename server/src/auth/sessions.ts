/**
 * Admin UI sessions: a random secret in an `HttpOnly`, `Secure`, `SameSite=Strict` cookie
 * (kept in the database as its SHA-256 only), and a CSRF token the page repeats in
 * `X-CSRF-Token` on every request that changes something. The page never holds a secret that
 * could sign in elsewhere: script can not read the cookie, and the CSRF token alone is nothing.
 *
 * Browsers take a `Secure` cookie over plain HTTP only from localhost, so anything else serves
 * the admin UI over HTTPS (a proxy in front of Andon will do).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { SessionActor, SessionInfo } from '@andon/core'
import type { AppEnv } from '../http/app-env.js'
import type { Store } from '../store/store.js'
import type { SessionPrincipalKind, SessionRecord } from '../store/team-store.js'
import { digestOf } from './secrets.js'
import { isAdmin, type Principal } from './permissions.js'

export const SESSION_COOKIE = 'andon_session'
/** How long a session lasts from sign-in (`ANDON_SESSION_HOURS`, 12 by default). */
export const DEFAULT_SESSION_HOURS = 12

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const sessionSecretOf = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE)

/** Starts a session for `who`, sets its cookie, and answers what the page needs of it. */
export async function startSession(
  c: Context<AppEnv>,
  store: Store,
  who: { kind: SessionPrincipalKind; id: number },
  now: number,
  hours: number,
): Promise<{ csrfToken: string; expiresAt: number }> {
  const secret = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = now + hours * 3_600_000
  await store.createSession({
    digest: digestOf(secret),
    principalKind: who.kind,
    principalId: who.id,
    csrfToken,
    expiresAt,
  })
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.floor(hours * 3600),
  })
  return { csrfToken, expiresAt }
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' })
}

/** What the session answer says of its principal. */
export function sessionActor(principal: Principal, email: string | null): SessionActor {
  if (principal.kind === 'member') {
    return {
      kind: 'member',
      id: principal.id,
      name: principal.name,
      email,
      admin: principal.admin,
      roles: { ...principal.roles },
      scopes: null,
    }
  }
  return {
    kind: 'token',
    id: principal.id,
    name: principal.name,
    email,
    admin: isAdmin(principal),
    roles: {},
    scopes: [...principal.scopes],
  }
}

export const sessionInfo = (
  me: SessionActor,
  session: Pick<SessionRecord, 'csrfToken' | 'expiresAt'>,
): SessionInfo => ({ me, csrfToken: session.csrfToken, expiresAt: session.expiresAt })

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)]
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Why a request made with the session cookie must be refused as cross-site, or undefined.
 * Every unsafe request repeats the CSRF token, which another site can not read; and what the
 * browser says of the request's origin must be this server (`SameSite=Strict` is the third
 * wall, for browsers that honour it).
 */
export function csrfRefusal(c: Context<AppEnv>, csrfToken: string): string | undefined {
  if (SAFE_METHODS.has(c.req.method)) return undefined
  const crossSite = crossSiteRefusal(c)
  if (crossSite !== undefined) return crossSite
  const sent = c.req.header('X-CSRF-Token')
  if (sent === undefined) return 'CSRF check failed: the X-CSRF-Token header is missing'
  if (!sameText(sent, csrfToken)) return 'CSRF check failed: the X-CSRF-Token is wrong'
  return undefined
}

/** Whether the browser says the request comes from another site (sign-in is checked so too). */
export function crossSiteRefusal(c: Context<AppEnv>): string | undefined {
  if (c.req.header('Sec-Fetch-Site') === 'cross-site') {
    return 'CSRF check failed: the request comes from another site'
  }
  const origin = c.req.header('Origin')
  if (origin === undefined) return undefined
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return 'CSRF check failed: the Origin header is not a URL'
  }
  const ours = c.req.header('X-Forwarded-Host') ?? c.req.header('Host') ?? new URL(c.req.url).host
  return host === ours ? undefined : `CSRF check failed: the request comes from ${origin}`
}
