/**
 * Insights: evaluations per flag over time (`GET /environments/{env}/insights/flags`, and one
 * flag's), an experiment's results for any tracked metric (`.../flags/{key}/experiment`),
 * delivery metrics per week (`.../insights/delivery`), the stale-flag report
 * (`GET /insights/stale`), and code references (`POST /code-refs`, `GET /flags/{key}/code-refs`).
 */
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, type Deps } from '../http/deps.js'
import { errorAnswer } from '../http/answer-schemas.js'
import { envParam, flagEnvParam, flagParam } from '../http/schemas.js'
import { DAY, HOUR, startOf } from '../insights/periods.js'
import { experimentView } from '../insights/experiment-view.js'
import { deliveryWeeks } from '../insights/delivery-weeks.js'
import {
  codeRefsBody,
  codeRefsUploadAnswer,
  deliveryAnswer,
  deliveryQuery,
  evaluationsAnswer,
  evaluationsQuery,
  experimentAnswer,
  experimentQuery,
  flagCodeRefsAnswer,
  flagEvaluationsQuery,
  staleAnswer,
  staleQuery,
} from './insights-schemas.js'

const tag = 'insights'
const notFound = { description: 'No such environment or live flag.', schema: errorAnswer }
const envPath = '/environments/{env}/insights'

const listEvaluations = defineRoute({
  method: 'get',
  path: `${envPath}/flags`,
  operationId: 'listFlagEvaluations',
  summary: 'Every flag’s evaluations per day and variation, and when it was last evaluated',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: envParam, query: evaluationsQuery },
  responses: { 200: { description: 'The flags.', schema: evaluationsAnswer }, 404: notFound },
})

const flagEvaluations = defineRoute({
  method: 'get',
  path: `${envPath}/flags/{key}`,
  operationId: 'getFlagEvaluations',
  summary: 'One flag’s evaluations per hour (or day) and variation',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagEnvParam, query: flagEvaluationsQuery },
  responses: { 200: { description: 'The flag.', schema: evaluationsAnswer }, 404: notFound },
})

const experiment = defineRoute({
  method: 'get',
  path: `${envPath}/flags/{key}/experiment`,
  operationId: 'getExperiment',
  summary: 'An experiment’s results for one tracked metric',
  description:
    'Per variation: the contexts (exposures), the rate or mean with an always-valid confidence interval, the lift against control with its interval; and a sample-ratio-mismatch check (chi-square against the rollout’s weights). Figures from the start of the day (or hour) `days` back.',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagEnvParam, query: experimentQuery },
  responses: {
    200: { description: 'The results.', schema: experimentAnswer },
    404: { description: 'No such environment, live flag or tracked metric.', schema: errorAnswer },
  },
})

const delivery = defineRoute({
  method: 'get',
  path: `${envPath}/delivery`,
  operationId: 'getDelivery',
  summary: 'Releases, change failure rate, time to restore and lead time per week',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: envParam, query: deliveryQuery },
  responses: {
    200: { description: 'Week by week, oldest first.', schema: deliveryAnswer },
    404: notFound,
  },
})

const stale = defineRoute({
  method: 'get',
  path: '/insights/stale',
  operationId: 'getStaleFlags',
  summary: 'Flags not evaluated, serving one variation, or no code references for `days` days',
  tag,
  access: 'admin',
  permission: 'read',
  request: { query: staleQuery },
  responses: { 200: { description: 'The report.', schema: staleAnswer } },
})

const uploadRefs = defineRoute({
  method: 'post',
  path: '/code-refs',
  operationId: 'uploadCodeRefs',
  summary: 'Replace a repository’s code references (`andon refs scan --upload`)',
  tag,
  access: 'admin',
  permission: 'define',
  request: { body: codeRefsBody },
  responses: { 201: { description: 'What was stored.', schema: codeRefsUploadAnswer } },
})

const flagRefs = defineRoute({
  method: 'get',
  path: '/flags/{key}/code-refs',
  operationId: 'getFlagCodeRefs',
  summary: 'Where the code of each repository uses a flag',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagParam },
  responses: { 200: { description: 'The references.', schema: flagCodeRefsAnswer }, 404: notFound },
})

export function insightsRoutes({ store, now }: Deps) {
  return new ApiRouter()
    .add(listEvaluations, async (c) => {
      const { env } = c.req.valid('param')
      const from = startOf(now(), c.req.valid('query').days, DAY)
      return c.json(await store.flagEvaluations(env, { step: 'day', from }))
    })
    .add(flagEvaluations, async (c) => {
      const { key, env } = c.req.valid('param')
      const { days, step } = c.req.valid('query')
      const size = step === 'hour' ? HOUR : DAY
      const from = startOf(now(), (days * DAY) / size, size)
      return c.json(await store.flagEvaluations(env, { step, from, flag: key }))
    })
    .add(experiment, async (c) => {
      const { key, env } = c.req.valid('param')
      const q = c.req.valid('query')
      const step = q.days <= 7 ? 'hour' : 'day'
      const to = now()
      const size = step === 'hour' ? HOUR : DAY
      const from = startOf(to, (q.days * DAY) / size, size)
      // The flag's metrics first: the default metric is its first one.
      const probe = await store.experimentFigures(key, env, q.metric ?? '', step, from)
      const metric = q.metric ?? probe.metrics[0] ?? null
      if (metric !== null && !probe.metrics.includes(metric)) {
        throw new HTTPException(404, { message: `flag ${key} tracks no metric ${metric}` })
      }
      const figures =
        metric === null || metric === q.metric
          ? probe
          : await store.experimentFigures(key, env, metric, step, from)
      return c.json(
        experimentView(figures, {
          metric,
          kind: q.kind,
          control: q.control,
          alpha: q.alpha,
          from,
          to,
        }),
      )
    })
    .add(delivery, async (c) => {
      const { env } = c.req.valid('param')
      const weeks = await deliveryWeeks(store, env, now(), c.req.valid('query').weeks)
      return c.json({ environment: env, weeks })
    })
    .add(stale, async (c) => c.json(await store.staleFlags(c.req.valid('query').days)))
    .add(uploadRefs, async (c) =>
      c.json(await store.uploadCodeRefs(c.req.valid('json'), actorOf(c)), 201),
    )
    .add(flagRefs, async (c) => c.json(await store.flagCodeRefs(c.req.valid('param').key)))
}
