/**
 * Authentication middleware. Admin routes take an admin token in `Authorization: Bearer`;
 * SDK routes take a server or client key there, or a client key in `?key=` (browsers'
 * EventSource can not set headers). Missing or unknown: 401, or 429 with `Retry-After` once
 * its source has failed more than 20 times a minute; the wrong kind: 403. An expired token is
 * 401 too, and says so.
 *
 * The key is checked before the limit, so a valid key always works: one broken client behind
 * a NAT or a proxy must not lock out the others that share its address. A limited source
 * learns nothing more from a 429 than from a 401; guessing stays hopeless because keys are
 * 192 random bits (see secrets.ts).
 */
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AuthKey, KeyKind, Store } from '../store/store.js'
import type { AppEnv } from '../http/app-env.js'
import { clientAddress } from '../http/app-env.js'
import type { FailureLimiter } from './failure-limiter.js'
import { createKeyFinder } from './key-finder.js'

function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

export interface AuthOptions {
  store: Store
  limiter: FailureLimiter
  kinds: readonly KeyKind[]
  /** Whether `?key=` may carry a client key. */
  queryKey: boolean
  /** Whether `X-API-Key` may carry the key, as OpenFeature's OFREP providers send it. */
  apiKeyHeader?: boolean
  /** Milliseconds since the epoch, for expiries. */
  now?: () => number
  /** Told of every accepted key (tokens' last-used time). */
  onUse?: (key: AuthKey) => void
}

/** 429, saying when to come back: `source` has failed too often of late. */
export function tooManyFailures(
  c: Context<AppEnv>,
  limiter: FailureLimiter,
  source: string,
  error = 'too many failed authentications',
): never {
  const res = c.json({ error }, 429, { 'Retry-After': String(limiter.retryAfter(source)) })
  throw new HTTPException(429, { res })
}

/** Counts a failed attempt against the request's source; 429 once it had failed too often. */
export function countFailure(c: Context<AppEnv>, limiter: FailureLimiter): void {
  const source = clientAddress(c)
  const blocked = limiter.blocked(source)
  limiter.fail(source)
  if (blocked) tooManyFailures(c, limiter, source)
}

/** The answer to a request without a valid key; counts it against its source unless a preflight. */
function refuse(c: Context<AppEnv>, limiter: FailureLimiter): never {
  // A CORS preflight carries no credentials by design: it is never a failed attempt.
  if (c.req.method !== 'OPTIONS') countFailure(c, limiter)
  throw new HTTPException(401, {
    res: c.json({ error: 'missing or unknown key' }, 401, { 'WWW-Authenticate': 'Bearer' }),
  })
}

export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  const findKey = createKeyFinder((digest) => options.store.findKey(digest))
  return async (c, next) => {
    const fromHeader =
      bearer(c.req.header('Authorization')) ??
      (options.apiKeyHeader ? c.req.header('X-API-Key')?.trim() || undefined : undefined)
    const secret = fromHeader ?? (options.queryKey ? c.req.query('key') : undefined)
    const key: AuthKey | undefined = secret === undefined ? undefined : await findKey(secret)
    if (key === undefined) refuse(c, options.limiter)
    // A genuine token past its time: no guess, so not counted against the source.
    if (key.expiresAt !== null && key.expiresAt <= (options.now ?? Date.now)()) {
      throw new HTTPException(401, {
        res: c.json({ error: 'the token expired' }, 401, {
          'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"',
        }),
      })
    }
    // Only client keys are meant to sit in URLs, where logs and histories keep them.
    const viaQuery = fromHeader === undefined
    if (!options.kinds.includes(key.kind) || (viaQuery && key.kind !== 'client')) {
      throw new HTTPException(403, {
        res: c.json({ error: `a ${key.kind} key may not do this` }, 403),
      })
    }
    c.set('auth', key)
    options.onUse?.(key)
    await next()
  }
}
