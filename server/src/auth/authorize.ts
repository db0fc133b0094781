/**
 * The permission check of the admin API: each route declares what it needs (`permission` in
 * http/api-router.ts), and `authorizeRoute` checks it for the request's principal before the
 * route's schemas run, so every admin route is checked the same way and none by hand. A
 * refusal is 403 with what is missing; a route that declares nothing is refused too (500),
 * which a test of the router's declarations keeps from happening.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { check, type Action } from './permissions.js'

/**
 * What an admin route needs. `write` is of the environment named by the `{env}` path
 * parameter; `kill-or-write` is `kill` there when `killWhen(body)` holds, else `write` (a
 * change that only switches a flag off is the andon cord, which everyone may pull). `own`:
 * any principal, and the route itself keeps to what is the principal's own.
 */
export type Permission =
  | 'read'
  | 'write'
  | 'define'
  | 'archive'
  | 'admin'
  | 'own'
  | { killWhen: (body: unknown) => boolean; kills: string }

/** Whether a JSON object has no keys but `keys`. */
export const onlyKeys = (body: unknown, keys: readonly string[]): body is Record<string, unknown> =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  Object.keys(body).every((k) => keys.includes(k))

async function actionOf(c: Context<AppEnv>, permission: Permission): Promise<Action | undefined> {
  if (permission === 'own') return undefined
  if (typeof permission === 'string') {
    if (permission !== 'write') return { kind: permission }
    return { kind: 'write', environment: c.req.param('env') ?? '' }
  }
  // Read before the body's schema: a body that is not JSON is judged as a write.
  const body: unknown = await c.req.json().catch(() => undefined)
  const environment = c.req.param('env') ?? ''
  return { kind: permission.killWhen(body) ? 'kill' : 'write', environment }
}

/** The check of one route; it reads `route.permission` per request. */
export function authorizeRoute(route: {
  operationId: string
  permission?: Permission
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const permission = route.permission
    if (permission === undefined) {
      throw new Error(`the admin route ${route.operationId} declares no permission`)
    }
    const action = await actionOf(c, permission)
    if (action !== undefined) {
      const environments = action.kind === 'archive' ? await c.get('environmentKeys')() : []
      const refusal = check(c.get('principal'), action, environments)
      if (refusal !== undefined) throw new HTTPException(403, { res: c.json(refusal, 403) })
    }
    await next()
  }
}
