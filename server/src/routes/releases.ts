/**
 * Release plans: `GET|POST /api/v1/flags/{key}/environments/{env}/release` (the flag's latest
 * plan; start one), `POST .../release/control` (pause, resume, abort, approve, skip) and
 * `GET /api/v1/release-templates`. What a plan does is told to the webhook after its commit.
 */
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, type Deps } from '../http/deps.js'
import { errorAnswer } from '../http/answer-schemas.js'
import { flagEnvParam } from '../http/schemas.js'
import {
  releaseAnswer,
  releaseControlBody,
  releasePlanBody,
  templateList,
  templatesAnswer,
} from '../release/release-schemas.js'
import { releasePayload } from '../release/release-webhook.js'

const path = '/flags/{key}/environments/{env}/release'
const tag = 'releases'
const notFound = {
  description: 'No such live flag or environment, or no plan.',
  schema: errorAnswer,
}
const conflict = { description: 'A plan is (or is not) under way.', schema: errorAnswer }

const getRelease = defineRoute({
  method: 'get',
  path,
  operationId: 'getRelease',
  summary: "A flag's latest release plan in an environment, under way or ended",
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagEnvParam },
  responses: { 200: { description: 'The plan.', schema: releaseAnswer }, 404: notFound },
})

const startRelease = defineRoute({
  method: 'post',
  path,
  operationId: 'startRelease',
  summary: 'Start a release plan: its first step is served at once',
  description:
    'Give `steps` or a `template`. Percentages rise to 100; each step holds for `holdSeconds` and ends when every guard of the flag has its samples and none finds a regression.',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: flagEnvParam, body: releasePlanBody },
  responses: {
    201: { description: 'The plan, started.', schema: releaseAnswer },
    404: notFound,
    409: conflict,
  },
})

const controlRelease = defineRoute({
  method: 'post',
  path: `${path}/control`,
  operationId: 'controlRelease',
  summary: 'Pause, resume, abort, approve the next step, or skip to a step',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: flagEnvParam, body: releaseControlBody },
  responses: {
    200: { description: 'The plan after it.', schema: releaseAnswer },
    404: notFound,
    409: conflict,
  },
})

const listTemplates = defineRoute({
  method: 'get',
  path: '/release-templates',
  operationId: 'listReleaseTemplates',
  summary: 'The templates a plan may name',
  tag,
  access: 'admin',
  permission: 'read',
  responses: { 200: { description: 'The templates and their steps.', schema: templatesAnswer } },
})

export function releaseRoutes({ store, tell }: Deps) {
  return new ApiRouter()
    .add(getRelease, async (c) => {
      const { key, env } = c.req.valid('param')
      const release = await store.getRelease(key, env)
      if (release === undefined) throw new HTTPException(404, { message: 'no release plan' })
      return c.json(release)
    })
    .add(startRelease, async (c) => {
      const { key, env } = c.req.valid('param')
      const { release, events } = await store.startRelease(
        key,
        env,
        c.req.valid('json'),
        actorOf(c),
      )
      for (const e of events) tell(releasePayload(e))
      return c.json(release, 201)
    })
    .add(controlRelease, async (c) => {
      const { key, env } = c.req.valid('param')
      const { release, events } = await store.controlRelease(
        key,
        env,
        c.req.valid('json'),
        actorOf(c),
      )
      for (const e of events) tell(releasePayload(e))
      return c.json(release)
    })
    .add(listTemplates, (c) => c.json(templateList()))
}
