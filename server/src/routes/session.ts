/**
 * Signing in to the admin UI: `GET /api/v1/auth/methods`, `POST|GET|DELETE /api/v1/session`,
 * and single sign-on (`/api/v1/auth/sso/start` and `/callback`). A session is a cookie
 * (auth/sessions.ts); the first admin signs in with `ANDON_ADMIN_TOKEN`, others with a
 * password or the identity provider.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { clientAddress, type AppEnv } from '../http/app-env.js'
import type { Deps } from '../http/deps.js'
import { errorAnswer } from '../http/answer-schemas.js'
import { sessionAnswer, signInBody, signInMethodsAnswer } from '../http/team-schemas.js'
import type { FailureLimiter } from '../auth/failure-limiter.js'
import { verifyPassword } from '../auth/passwords.js'
import { tooManyFailures } from '../auth/authenticate.js'
import { digestOf } from '../auth/secrets.js'
import { memberPrincipal, tokenPrincipal } from '../auth/principals.js'
import {
  clearSessionCookie,
  crossSiteRefusal,
  sessionActor,
  sessionInfo,
  sessionSecretOf,
  startSession,
} from '../auth/sessions.js'
import { PENDING_TTL_MS, SsoError, safeReturnPath, type SsoClient } from '../auth/sso/sso-client.js'
import type { SsoConfig } from '../auth/sso/sso-config.js'
import { signInWithSso } from '../auth/sso-members.js'

const tag = 'people'

export interface SignInDeps extends Deps {
  limiter: FailureLimiter
  sessionHours: number
  sso: { config: SsoConfig; client: SsoClient } | null
}

const methods = defineRoute({
  method: 'get',
  path: '/auth/methods',
  operationId: 'getSignInMethods',
  summary: 'How people may sign in here (asked before signing in)',
  tag,
  access: 'public',
  responses: { 200: { description: 'The sign-in methods.', schema: signInMethodsAnswer } },
})

const signIn = defineRoute({
  method: 'post',
  path: '/session',
  operationId: 'signIn',
  summary: 'Sign in with an email and a password, or a token: sets the session cookie',
  description:
    "The cookie is `HttpOnly`, `Secure` and `SameSite=Strict`; the answer's `csrfToken` goes in `X-CSRF-Token` on every later request that is not GET or HEAD.",
  tag,
  access: 'public',
  request: { body: signInBody },
  responses: {
    201: { description: 'Signed in.', schema: sessionAnswer },
    401: { description: 'Wrong email or password, or an unknown token.', schema: errorAnswer },
    403: { description: 'Sent from another site.', schema: errorAnswer },
  },
})

const getSession = defineRoute({
  method: 'get',
  path: '/session',
  operationId: 'getSession',
  summary: 'Who is signed in, and the CSRF token of the session',
  tag,
  access: 'admin',
  permission: 'own',
  responses: {
    200: { description: 'The session.', schema: sessionAnswer },
    404: { description: 'The request came with a token, not a session.', schema: errorAnswer },
  },
})

const signOut = defineRoute({
  method: 'delete',
  path: '/session',
  operationId: 'signOut',
  summary: 'Sign out: the session ends and its cookie goes',
  tag,
  access: 'admin',
  permission: 'own',
  responses: { 204: { description: 'Signed out.' } },
})

const ssoStart = defineRoute({
  method: 'get',
  path: '/auth/sso/start',
  operationId: 'startSingleSignOn',
  summary: 'Single sign-on: redirects to the identity provider (authorization code with PKCE)',
  tag,
  access: 'public',
  queryParams: [{ name: 'return', description: 'the path of the admin UI to come back to' }],
  responses: {
    302: { description: 'To the identity provider.' },
    404: { description: 'Single sign-on is not set up.', schema: errorAnswer },
  },
})

const ssoCallback = defineRoute({
  method: 'get',
  path: '/auth/sso/callback',
  operationId: 'finishSingleSignOn',
  summary: 'Where the identity provider sends the browser back; sets the session cookie',
  tag,
  access: 'public',
  responses: {
    302: {
      description:
        'Back to the admin UI, signed in; or to its sign-in page with `#sign-in-error=`.',
    },
    404: { description: 'Single sign-on is not set up.', schema: errorAnswer },
  },
})

const PENDING_COOKIE = 'andon_sso'
const PENDING_PATH = '/api/v1/auth/sso'

function unauthorized(c: Context<AppEnv>, limiter: FailureLimiter, why: string): never {
  limiter.fail(clientAddress(c))
  throw new HTTPException(401, { res: c.json({ error: why }, 401) })
}

export function sessionRoutes(deps: SignInDeps) {
  const { store, limiter, now, sso, sessionHours } = deps
  const notSetUp = () => new HTTPException(404, { message: 'single sign-on is not set up' })

  return new ApiRouter()
    .add(methods, (c) =>
      c.json({ password: true, sso: sso === null ? null : { name: sso.client.name } }),
    )
    .add(signIn, async (c) => {
      const crossSite = crossSiteRefusal(c)
      if (crossSite !== undefined)
        throw new HTTPException(403, { res: c.json({ error: crossSite }, 403) })
      const source = clientAddress(c)
      if (limiter.blocked(source)) tooManyFailures(c, limiter, source, 'too many failed sign-ins')
      const body = c.req.valid('json')
      if ('token' in body) {
        const key = await store.findKey(digestOf(body.token))
        if (key === undefined || key.kind !== 'admin') unauthorized(c, limiter, 'unknown token')
        if (key.expiresAt !== null && key.expiresAt <= now()) {
          throw new HTTPException(401, { res: c.json({ error: 'the token expired' }, 401) })
        }
        const resolved = await tokenPrincipal(store, key)
        if ('refused' in resolved) unauthorized(c, limiter, resolved.refused)
        const session = await startSession(
          c,
          store,
          { kind: 'token', id: key.id },
          now(),
          sessionHours,
        )
        return c.json(sessionInfo(sessionActor(resolved.principal, null), session), 201)
      }
      const member = await store.findMember(body.email)
      // Checked even for an unknown email, so that the time taken does not tell who is a member.
      const ok = await verifyPassword(body.password, member?.passwordHash ?? null)
      if (!ok || member === undefined) unauthorized(c, limiter, 'wrong email or password')
      const session = await startSession(
        c,
        store,
        { kind: 'member', id: member.id },
        now(),
        sessionHours,
      )
      await store.recordSignIn(member.id, now())
      return c.json(sessionInfo(sessionActor(memberPrincipal(member), member.email), session), 201)
    })
    .add(getSession, async (c) => {
      const session = c.get('session')
      if (session === undefined) {
        throw new HTTPException(404, { message: 'no session: this request came with a token' })
      }
      const principal = c.get('principal')
      const email =
        principal.kind === 'member' ? ((await store.getMember(principal.id))?.email ?? null) : null
      return c.json(sessionInfo(sessionActor(principal, email), session))
    })
    .add(signOut, async (c) => {
      const session = c.get('session')
      const secret = sessionSecretOf(c)
      if (session !== undefined && secret !== undefined) {
        await store.endSession(digestOf(secret))
        deps.broker.revokeKey(-session.id)
      }
      clearSessionCookie(c)
      return c.body(null, 204)
    })
    .add(ssoStart, async (c) => {
      if (sso === null) throw notSetUp()
      const returnTo = safeReturnPath(c.req.query('return'))
      const { url, pending } = await sso.client
        .begin(returnTo, sso.config.redirectUri(new URL(c.req.url).origin))
        .catch((e: unknown) => {
          if (e instanceof SsoError) return { url: errorPage(e.message), pending: undefined }
          throw e
        })
      if (pending !== undefined) {
        // Lax: the identity provider's redirect back is a cross-site navigation.
        setCookie(c, PENDING_COOKIE, pending, {
          httpOnly: true,
          secure: true,
          sameSite: 'Lax',
          path: PENDING_PATH,
          maxAge: PENDING_TTL_MS / 1000,
        })
      }
      return c.redirect(url, 302)
    })
    .add(ssoCallback, async (c) => {
      if (sso === null) throw notSetUp()
      const pending = getCookie(c, PENDING_COOKIE) ?? ''
      deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure: true })
      try {
        const redirectUri = sso.config.redirectUri(new URL(c.req.url).origin)
        const identity = await sso.client.finish(new URL(c.req.url), pending, redirectUri)
        const member = await signInWithSso(store, identity, sso.config)
        await startSession(c, store, { kind: 'member', id: member.id }, now(), sessionHours)
        await store.recordSignIn(member.id, now())
        return c.redirect(identity.returnTo, 302)
      } catch (e) {
        if (e instanceof SsoError) return c.redirect(errorPage(e.message), 302)
        throw e
      }
    })
}

const errorPage = (message: string) => `/#sign-in-error=${encodeURIComponent(message)}`
