/**
 * Read-only helpers for people: what a context gets for a flag (previews, support), and the
 * audit log, newest first.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { createEvaluator, type Context as FlagContext, type Evaluator } from '@andon/core'
import type { AppEnv } from '../http/app-env.js'
import type { Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import { auditQuery, envParam, evaluateBody } from '../http/schemas.js'

export function evaluateAuditRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>()
  const evaluators = new Map<number, { version: number; evaluator: Evaluator }>()

  function evaluatorOf(envId: number, version: number): Evaluator {
    const hit = evaluators.get(envId)
    if (hit !== undefined && hit.version === version) return hit.evaluator
    const evaluator = createEvaluator(store.payloads(envId).server)
    evaluators.set(envId, { version, evaluator })
    return evaluator
  }

  app.post(
    '/environments/:env/evaluate',
    validate('param', envParam),
    validate('json', evaluateBody),
    (c) => {
      const env = store.getEnvironment(c.req.valid('param').env)
      if (env === undefined) throw new HTTPException(404, { message: 'environment not found' })
      const body = c.req.valid('json')
      const result = evaluatorOf(env.id, env.version).evaluate(
        body.flag,
        body.context as FlagContext,
        body.default ?? null,
      )
      return c.json(result)
    },
  )

  app.get('/audit', validate('query', auditQuery), (c) =>
    c.json({ entries: store.listAudit(c.req.valid('query')) }),
  )

  return app
}
