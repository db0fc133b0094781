/**
 * What operators and their tools call without a key: `GET /healthz` and `GET /metrics`.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { healthAnswer } from '../http/answer-schemas.js'
import type { Metrics } from '../http/metrics.js'
import { deliveryWeeks } from '../insights/delivery-weeks.js'

const health = defineRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Health: the server answers and reaches its database',
  tag: 'operations',
  access: 'public',
  responses: {
    200: { description: 'The server answers and reaches its database.', schema: healthAnswer },
    503: {
      description:
        'The database is away: cached flags and open streams are still served, writes are not.',
      schema: healthAnswer,
    },
  },
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
      description:
        "Requests, latency, open streams, flags, event batches, guard decisions, this week's delivery.",
      content: {
        type: 'text/plain; version=0.0.4',
        description: 'the Prometheus text exposition format',
      },
    },
  },
})

export function operationRoutes(deps: Deps, metrics: Metrics) {
  return new ApiRouter()
    .add(health, async (c) => {
      const state = await deps.store.health()
      return c.json(state, state.ok ? 200 : 503)
    })
    .add(metricsRoute, async (c) =>
      c.text(
        metrics.render({
          openStreams: deps.broker.stats().subscribers,
          streamTimers: deps.broker.stats().timers,
          flags: await deps.store.flagCounts(),
          delivery: await currentDelivery(deps),
        }),
        200,
        { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
      ),
    )
}

/** This week's delivery metrics of every environment. */
async function currentDelivery({ store, now }: Deps) {
  const envs = await store.listEnvironments()
  const weeks = await Promise.all(envs.map((e) => deliveryWeeks(store, e.key, now(), 1)))
  return weeks.flat()
}
