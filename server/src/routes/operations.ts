/**
 * What operators and their tools call without a key: `GET /healthz` and `GET /metrics`.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { healthAnswer } from '../http/answer-schemas.js'
import type { Metrics } from '../http/metrics.js'

const health = defineRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Liveness',
  tag: 'operations',
  access: 'public',
  responses: { 200: { description: 'The server answers.', schema: healthAnswer } },
})

const metricsRoute = defineRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  tag: 'operations',
  access: 'public',
  responses: {
    200: {
      description: 'Requests, latency, open streams, flags, event batches, guard decisions.',
      content: {
        type: 'text/plain; version=0.0.4',
        description: 'the Prometheus text exposition format',
      },
    },
  },
})

export function operationRoutes(deps: Deps, metrics: Metrics) {
  return new ApiRouter()
    .add(health, (c) => c.json({ ok: true }))
    .add(metricsRoute, (c) =>
      c.text(
        metrics.render({
          openStreams: deps.broker.stats().subscribers,
          streamTimers: deps.broker.stats().timers,
          flags: deps.store.flagCounts(),
        }),
        200,
        { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
      ),
    )
}
