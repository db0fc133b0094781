/**
 * The OpenFeature Remote Evaluation Protocol (OFREP 0.3.0), so that any OFREP provider, in any
 * language, evaluates Andon's flags: `POST /ofrep/v1/evaluate/flags/{key}` and the bulk
 * `POST /ofrep/v1/evaluate/flags`. A server key evaluates every flag of its environment; a
 * client key only the client-side ones, and a page that uses it gets values, never rules,
 * targets or segment members. Bulk answers carry an ETag of the environment's version and the
 * context, and honour If-None-Match with 304. A client key's bulk answer names, in
 * `eventStreams`, the SSE endpoint that tells the page when to fetch again (ADR 0008).
 */
import { murmur3 } from '@andon/core'
import { z } from 'zod'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { isFailure, ofrepAnswer } from '../ofrep/ofrep-answer.js'
import { contextOf } from '../ofrep/ofrep-request.js'
import { bodyText } from '../ofrep/ofrep-body.js'
import { eventStreamsOf, openNotifications } from '../ofrep/ofrep-event-stream.js'
import { createViewEvaluators } from '../ofrep/ofrep-evaluators.js'
import type { AuthKey } from '../store/store.js'
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
  queryParams: [
    {
      name: 'flagConfigEtag',
      description:
        'The `etag` of the `refetchEvaluation` that caused this request (ADR 0008); accepted and not needed: every answer is of the committed version.',
    },
    {
      name: 'flagConfigLastModified',
      description: 'As `flagConfigEtag`, for a `lastModified`; Andon sends none.',
    },
  ],
  responses: {
    200: {
      description:
        'Every flag, each a value or an error; for a client key also `eventStreams`, the SSE endpoint of `GET /ofrep/v1/event-stream` with the key in its query.',
      headers: { ETag: { description: "The environment's version and the context." } },
    },
    304: { description: 'Nothing changed for this context since the ETag.' },
    400: { description: 'PARSE_ERROR or INVALID_CONTEXT.' },
  },
})

const eventStream = defineRoute({
  method: 'get',
  path: '/event-stream',
  operationId: 'ofrepEventStream',
  summary: "OFREP: notifications to fetch again when a flag of the key's view changes",
  description:
    'OFREP ADR 0008. The bulk answer names it in `eventStreams`, with a client key in `?key=` (EventSource sets no headers; a client key is public, as it is in every page that uses it). A server key may open it with a header.',
  tag,
  access: 'sdk',
  headerParams: [
    {
      name: 'Last-Event-ID',
      description: 'the id of the last event: one is sent at once if the view changed since',
    },
  ],
  queryParams: [
    { name: 'lastEventId', description: '`Last-Event-ID` for clients that can not set it' },
  ],
  responses: {
    200: {
      description: 'The stream, open until the client leaves or its key is revoked.',
      content: {
        type: 'text/event-stream',
        description:
          'Server-Sent Events: `event: message`, the environment version as `id`, and `data: {"type":"refetchEvaluation","etag":"\\"<version>\\""}` for each committed change the key can see; comments as heartbeats.',
      },
    },
  },
})

export function ofrepRoutes(deps: Deps) {
  const evaluators = createViewEvaluators(deps.payloads)
  const evaluatorOf = (auth: AuthKey) => evaluators.get(auth.environmentId as number, viewOf(auth))

  return new ApiRouter()
    .add(evaluateOne, async (c) => {
      const auth = c.get('auth')
      const { key } = c.req.valid('param')
      const text = bodyText(c)
      const parsed = contextOf(typeof text === 'string' ? text : await text)
      if (!parsed.ok) {
        return c.json({ key, errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400)
      }
      const view = await evaluatorOf(auth)
      const result = view.evaluator.evaluate(key, parsed.context, null)
      const flag = view.flagsByKey.get(key)
      const answer = ofrepAnswer(key, result, {
        version: flag?.version ?? 0,
        environment: auth.environment ?? '',
        static: flag?.static === true,
      })
      if (!isFailure(answer)) return c.json(answer)
      return c.json(answer, answer.errorCode === 'FLAG_NOT_FOUND' ? 404 : 400)
    })
    .add(evaluateAll, async (c) => {
      const auth = c.get('auth')
      const text = bodyText(c)
      const parsed = contextOf(typeof text === 'string' ? text : await text)
      if (!parsed.ok) {
        return c.json({ errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400)
      }
      const view = await evaluatorOf(auth)
      // The answer changes with the environment's version and with the context only.
      const etag = `"${view.version}-${murmur3(JSON.stringify(parsed.context)).toString(36)}"`
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag })
      const environment = auth.environment ?? ''
      const flags = view.flags.map((flag) =>
        ofrepAnswer(flag.key, view.evaluator.evaluate(flag.key, parsed.context, null), {
          version: flag.version,
          environment,
          static: flag.static,
        }),
      )
      const eventStreams = eventStreamsOf(c)
      return c.json(
        { flags, metadata: { version: view.version, environment }, ...eventStreams },
        200,
        { ETag: etag },
      )
    })
    .add(eventStream, (c) => openNotifications(c, deps))
}
