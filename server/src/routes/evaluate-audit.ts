/**
 * Read-only helpers for people: what a context gets for a flag (previews, support), and the
 * audit log, newest first, filtered by flag, environment, actor and time, or exported whole
 * as JSON Lines, oldest first.
 */
import { HTTPException } from 'hono/http-exception'
import { createEvaluator, type Context as FlagContext, type Evaluator } from '@andon/core'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { auditFilters, auditQuery, envParam, evaluateBody } from '../http/schemas.js'
import { auditEntryAnswer, errorAnswer, evaluationAnswer, listOf } from '../http/answer-schemas.js'

const evaluate = defineRoute({
  method: 'post',
  path: '/environments/{env}/evaluate',
  operationId: 'evaluate',
  summary: 'What a context gets for a flag, with the reason',
  tag: 'tools',
  access: 'admin',
  permission: 'read',
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
  permission: 'read',
  request: { query: auditQuery },
  responses: {
    200: { description: 'The entries.', schema: listOf('entries', auditEntryAnswer) },
  },
})

const exportAudit = defineRoute({
  method: 'get',
  path: '/audit/export',
  operationId: 'exportAudit',
  summary: 'The audit log as JSON Lines, oldest first, with the filters of the list',
  tag: 'tools',
  access: 'admin',
  permission: 'read',
  request: { query: auditFilters },
  responses: {
    200: {
      description: 'Every entry the filters keep, one JSON object (an AuditEntry) per line.',
      content: { type: 'application/x-ndjson', description: 'JSON Lines of AuditEntry' },
    },
  },
})

/** Entries read per query of an export: the answer streams, however long the log. */
const EXPORT_PAGE = 500

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
    .add(exportAudit, (c) => {
      const filters = c.req.valid('query')
      const encoder = new TextEncoder()
      let after = 0
      const lines = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const page = await store.listAudit({ ...filters, after, limit: EXPORT_PAGE })
          const last = page.at(-1)
          if (last !== undefined) {
            after = last.id
            controller.enqueue(encoder.encode(page.map((e) => `${JSON.stringify(e)}\n`).join('')))
          }
          if (page.length < EXPORT_PAGE) controller.close()
        },
      })
      return c.body(lines, 200, {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': 'attachment; filename="andon-audit.jsonl"',
      })
    })
}
