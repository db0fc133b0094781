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

export function evaluateAuditRoutes({ store, payloads }: Deps) {
  const evaluators = new Map<number, { version: number; evaluator: Evaluator }>()

  async function evaluatorOf(envId: number): Promise<Evaluator> {
    const cached = await payloads.get(envId)
    const hit = evaluators.get(envId)
    if (hit !== undefined && hit.version === cached.version) return hit.evaluator
    const evaluator = createEvaluator(cached.payloads.server)
    evaluators.set(envId, { version: cached.version, evaluator })
    return evaluator
  }

  return new ApiRouter()
    .add(evaluate, async (c) => {
      const env = await store.getEnvironment(c.req.valid('param').env)
      if (env === undefined) throw new HTTPException(404, { message: 'environment not found' })
      const body = c.req.valid('json')
      const result = (await evaluatorOf(env.id)).evaluate(
        body.flag,
        body.context as FlagContext,
        body.default ?? null,
      )
      return c.json(result)
    })
    .add(listAudit, async (c) => c.json({ entries: await store.listAudit(c.req.valid('query')) }))
}
