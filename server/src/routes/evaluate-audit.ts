/**
 * Read-only helpers for people: what a context gets for a flag (previews, support), and the
 * audit log, newest first.
 */
import { HTTPException } from 'hono/http-exception'
import { createEvaluator, type Context as FlagContext, type Evaluator } from '@andon/core'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { auditQuery, envParam, evaluateBody } from '../http/schemas.js'
import { auditEntryAnswer, errorAnswer, evaluationAnswer, listOf } from '../http/answer-schemas.js'

const evaluate = defineRoute({
  method: 'post',
  path: '/environments/{env}/evaluate',
  operationId: 'evaluate',
  summary: 'What a context gets for a flag, with the reason',
  tag: 'tools',
  access: 'admin',
  request: { params: envParam, body: evaluateBody },
  responses: {
    200: {
      description: 'The evaluation; an unknown flag gets the default with reason ERROR.',
      schema: evaluationAnswer,
    },
    404: { description: 'No such environment.', schema: errorAnswer },
  },
})

const listAudit = defineRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAudit',
  summary: 'The audit log, newest first',
  tag: 'tools',
  access: 'admin',
  request: { query: auditQuery },
  responses: {
    200: { description: 'The entries.', schema: listOf('entries', auditEntryAnswer) },
  },
})

export function evaluateAuditRoutes({ store }: Deps) {
  const evaluators = new Map<number, { version: number; evaluator: Evaluator }>()

  function evaluatorOf(envId: number, version: number): Evaluator {
    const hit = evaluators.get(envId)
    if (hit !== undefined && hit.version === version) return hit.evaluator
    const evaluator = createEvaluator(store.payloads(envId).server)
    evaluators.set(envId, { version, evaluator })
    return evaluator
  }

  return new ApiRouter()
    .add(evaluate, (c) => {
      const env = store.getEnvironment(c.req.valid('param').env)
      if (env === undefined) throw new HTTPException(404, { message: 'environment not found' })
      const body = c.req.valid('json')
      const result = evaluatorOf(env.id, env.version).evaluate(
        body.flag,
        body.context as FlagContext,
        body.default ?? null,
      )
      return c.json(result)
    })
    .add(listAudit, (c) => c.json({ entries: store.listAudit(c.req.valid('query')) }))
}
