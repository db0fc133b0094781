/**
 * Who may use the admin API: a token in `Authorization: Bearer` (machines, the CLI), or the
 * admin UI's session cookie (people), checked against CSRF. Either way the request gets its
 * principal, for each route's permission check and the audit log. Sessions and tokens are
 * read from the store on every request: sign-out, an ended session, a revoked token or a
 * changed role count from the next request, on every process.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import type { Store } from '../store/store.js'
import type { FailureLimiter } from './failure-limiter.js'
import { authenticate, countFailure } from './authenticate.js'
import { digestOf } from './secrets.js'
import { sessionPrincipal, tokenPrincipal, type Resolved } from './principals.js'
import { clearSessionCookie, csrfRefusal, sessionSecretOf } from './sessions.js'

export interface AdminAuthOptions {
  store: Store
  limiter: FailureLimiter
  now: () => number
  /** Told of every token that authenticated (tokens' last-used time). */
  onTokenUse: (id: number) => void
}

/** Routes open before sign-in: signing in, and the sign-in page's questions. */
export const isSignInRoute = (c: Context<AppEnv>) =>
  c.req.path.startsWith('/api/v1/auth/') ||
  (c.req.path === '/api/v1/session' && c.req.method === 'POST')

/** 401, and the cookie of a session that is no more goes (the answer carries its removal). */
function ended(c: Context<AppEnv>, why: string, clearCookie: boolean): never {
  if (clearCookie) clearSessionCookie(c)
  throw new HTTPException(401, { res: c.json({ error: why }, 401) })
}

/** A cookie nobody issued is a guess, counted like a wrong token against its source. */
function guessed(c: Context<AppEnv>, limiter: FailureLimiter): never {
  countFailure(c, limiter)
  ended(c, 'the session ended or expired: sign in again', true)
}

export function authenticateAdmin(options: AdminAuthOptions): MiddlewareHandler<AppEnv> {
  const { store, limiter, now } = options
  const byToken = authenticate({
    store,
    limiter,
    kinds: ['admin'],
    queryKey: false,
    now,
    onUse: (key) => options.onTokenUse(key.id),
  })

  const admit = (c: Context<AppEnv>, resolved: Resolved, clearCookie: boolean) => {
    if ('refused' in resolved) ended(c, resolved.refused, clearCookie)
    c.set('principal', resolved.principal)
  }

  return async (c, next) => {
    if (isSignInRoute(c)) return next()
    const secret = sessionSecretOf(c)
    if (c.req.header('Authorization') !== undefined || secret === undefined) {
      return byToken(c, async () => {
        admit(c, await tokenPrincipal(store, c.get('auth')), false)
        await next()
      })
    }
    const session = await store.findSession(digestOf(secret))
    if (session === undefined) guessed(c, limiter)
    const csrf = csrfRefusal(c, session.csrfToken)
    if (csrf !== undefined) throw new HTTPException(403, { res: c.json({ error: csrf }, 403) })
    admit(c, await sessionPrincipal(store, session, now()), true)
    c.set('session', session)
    // The admin stream follows a key; a session's stream is closed by ending the session.
    c.set('auth', {
      id: -session.id,
      kind: 'admin',
      name: c.get('principal').name,
      environmentId: null,
      environment: null,
      scopes: null,
      expiresAt: session.expiresAt,
      tokenType: null,
      owner: null,
    })
    await next()
  }
}
