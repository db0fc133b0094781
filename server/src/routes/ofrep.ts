/**
 * The OpenFeature Remote Evaluation Protocol (OFREP 0.3.0), so that any OFREP provider, in any
 * language, evaluates Andon's flags: `POST /ofrep/v1/evaluate/flags/{key}` and the bulk
 * `POST /ofrep/v1/evaluate/flags`. A server key evaluates every flag of its environment; a
 * client key only the client-side ones, and a page that uses it gets values, never rules,
 * targets or segment members. Bulk answers carry an ETag of the environment's version and the
 * context, and honour If-None-Match with 304.
 */
import { createEvaluator, murmur3, type Evaluator } from '@andon/core'
import { z } from 'zod'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { isFailure, ofrepAnswer } from '../ofrep/ofrep-answer.js'
import { contextOf } from '../ofrep/ofrep-request.js'
import type { View } from '../stream/broker.js'
import { viewOf } from './stream.js'

const tag = 'ofrep'
const body = {
  description:
    'OFREP: `{ "context": { "targetingKey": "user-1", … } }`; targetingKey is Andon\'s key.',
}

const evaluateOne = defineRoute({
  method: 'post',
  path: '/evaluate/flags/{key}',
  operationId: 'ofrepEvaluateFlag',
  summary: 'OFREP: evaluate one flag for a context',
  description: body.description,
  tag,
  access: 'sdk',
  // Any text is a key to look up: one that names no flag is OFREP's 404, never a 422.
  request: { params: z.object({ key: z.string() }) },
  responses: {
    200: { description: 'The value, reason, variant and metadata.' },
    400: { description: 'PARSE_ERROR, INVALID_CONTEXT, TARGETING_KEY_MISSING or GENERAL.' },
    404: { description: 'FLAG_NOT_FOUND (also a server-side flag asked with a client key).' },
  },
})

const evaluateAll = defineRoute({
  method: 'post',
  path: '/evaluate/flags',
  operationId: 'ofrepEvaluateFlags',
  summary: 'OFREP: evaluate every flag the key can see for a context',
  description: body.description,
  tag,
  access: 'sdk',
  headerParams: [
    { name: 'If-None-Match', description: 'The ETag of an earlier answer: 304 when the same.' },
  ],
  responses: {
    200: {
      description: 'Every flag, each a value or an error.',
      headers: { ETag: { description: "The environment's version and the context." } },
    },
    304: { description: 'Nothing changed for this context since the ETag.' },
    400: { description: 'PARSE_ERROR or INVALID_CONTEXT.' },
  },
})

interface ViewEvaluator {
  /** The environment's version the evaluator was built at. */
  version: number
  evaluator: Evaluator
  /** Each flag's own version, by key: the flags the view can see. */
  flagVersions: Map<string, number>
}

export function ofrepRoutes({ store, payloads }: Deps) {
  const evaluators = new Map<string, ViewEvaluator>()
  /** The evaluator of an environment's payload as the key's view sees it, per version. */
  function evaluatorOf(envId: number, view: View): ViewEvaluator {
    const version = payloads.get(envId).version
    const id = `${envId}:${view}`
    const hit = evaluators.get(id)
    if (hit !== undefined && hit.version === version) return hit
    const payload = store.payloads(envId)[view]
    const entry = {
      version,
      evaluator: createEvaluator(payload),
      flagVersions: new Map(Object.values(payload.flags).map((f) => [f.key, f.version])),
    }
    evaluators.set(id, entry)
    return entry
  }

  return new ApiRouter()
    .add(evaluateOne, async (c) => {
      const auth = c.get('auth')
      const { key } = c.req.valid('param')
      const parsed = contextOf(await c.req.text())
      if (!parsed.ok) {
        return c.json({ key, errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400)
      }
      const view = evaluatorOf(auth.environmentId as number, viewOf(auth))
      const result = view.evaluator.evaluate(key, parsed.context, null)
      const answer = ofrepAnswer(key, result, {
        version: view.flagVersions.get(key) ?? 0,
        environment: auth.environment ?? '',
      })
      if (!isFailure(answer)) return c.json(answer)
      return c.json(answer, answer.errorCode === 'FLAG_NOT_FOUND' ? 404 : 400)
    })
    .add(evaluateAll, async (c) => {
      const auth = c.get('auth')
      const parsed = contextOf(await c.req.text())
      if (!parsed.ok) {
        return c.json({ errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400)
      }
      const view = evaluatorOf(auth.environmentId as number, viewOf(auth))
      // The answer changes with the environment's version and with the context only.
      const etag = `"${view.version}-${murmur3(JSON.stringify(parsed.context)).toString(36)}"`
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag })
      const environment = auth.environment ?? ''
      const flags = [...view.flagVersions]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, version]) =>
          ofrepAnswer(key, view.evaluator.evaluate(key, parsed.context, null), {
            version,
            environment,
          }),
        )
      return c.json({ flags, metadata: { version: view.version, environment } }, 200, {
        ETag: etag,
      })
    })
}
