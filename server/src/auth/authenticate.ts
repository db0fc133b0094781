/**
 * Authentication middleware. Admin routes take an admin token in `Authorization: Bearer`;
 * SDK routes take a server or client key there, or a client key in `?key=` (browsers'
 * EventSource can not set headers). Missing or unknown: 401; the wrong kind: 403; more than
 * 20 failures a minute from one address: 429.
 */
import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AuthKey, KeyKind, Store } from '../store/store.js'
import type { AppEnv } from '../http/app-env.js'
import { clientAddress } from '../http/app-env.js'
import type { FailureLimiter } from './failure-limiter.js'
import { digestOf } from './secrets.js'

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
}

export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = clientAddress(c)
    if (options.limiter.blocked(address)) {
      const res = c.json({ error: 'too many failed authentications' }, 429, {
        'Retry-After': String(options.limiter.retryAfter(address)),
      })
      throw new HTTPException(429, { res })
    }
    const fromHeader = bearer(c.req.header('Authorization'))
    const secret = fromHeader ?? (options.queryKey ? c.req.query('key') : undefined)
    const key: AuthKey | undefined =
      secret === undefined ? undefined : options.store.findKey(digestOf(secret))
    if (key === undefined) {
      options.limiter.fail(address)
      throw new HTTPException(401, {
        res: c.json({ error: 'missing or unknown key' }, 401, { 'WWW-Authenticate': 'Bearer' }),
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
    await next()
  }
}
