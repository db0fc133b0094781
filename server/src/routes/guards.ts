/**
 * `GET|PUT /api/v1/flags/{key}/environments/{env}/guards`: a flag's guarded metrics in one
 * environment, with each guard's state, figures, comparisons and per-minute series.
 */
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, type Deps } from '../http/deps.js'
import { flagEnvParam } from '../http/schemas.js'
import { guardsBody } from '../http/guard-schemas.js'
import { errorAnswer, flagGuardsAnswer } from '../http/answer-schemas.js'

const path = '/flags/{key}/environments/{env}/guards'
const notFound = { description: 'No such live flag or environment.', schema: errorAnswer }

const getGuards = defineRoute({
  method: 'get',
  path,
  operationId: 'getGuards',
  summary: "A flag's guards: state, figures per variation, comparisons, per-minute series",
  tag: 'flags',
  access: 'admin',
  permission: 'read',
  request: { params: flagEnvParam },
  responses: { 200: { description: 'The guards.', schema: flagGuardsAnswer }, 404: notFound },
})

const setGuards = defineRoute({
  method: 'put',
  path,
  operationId: 'setGuards',
  summary: "Replace a flag's guards (new windows); sets the flag's metrics",
  tag: 'flags',
  access: 'admin',
  permission: 'write',
  request: { params: flagEnvParam, body: guardsBody },
  responses: { 200: { description: 'The new guards.', schema: flagGuardsAnswer }, 404: notFound },
})

export function guardRoutes({ store }: Deps) {
  return new ApiRouter()
    .add(getGuards, async (c) => {
      const { key, env } = c.req.valid('param')
      const guards = await store.getGuards(key, env)
      if (guards === undefined) throw new HTTPException(404, { message: 'flag not found' })
      return c.json(guards)
    })
    .add(setGuards, async (c) => {
      const { key, env } = c.req.valid('param')
      return c.json(await store.setGuards(key, env, c.req.valid('json'), actorOf(c)))
    })
}
