/**
 * The routes of the stream and of the whole payload: `GET /sdk/v1/stream` for SDK keys, and
 * `GET /api/v1/environments/{env}/stream` and `.../payload` (the server view) for the admin UI.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { ApiRouter, defineRoute, type ResponseDoc } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { envParam } from '../http/schemas.js'
import { errorAnswer, payloadAnswer, versionTag } from '../http/answer-schemas.js'
import { openStream, viewOf } from './stream.js'

const events: ResponseDoc = {
  description: 'The stream, open until the client leaves or its key is revoked.',
  content: {
    type: 'text/event-stream',
    description:
      'Server-Sent Events (spec/flag-model.md, "Stream"): a `put` of the payload, or with `Last-Event-ID` the changes after it, then a `patch` or `delete` per change, each with the environment version as its id; comments as heartbeats.',
  },
}

const resume = {
  headerParams: [
    {
      name: 'Last-Event-ID',
      description: 'the id of the last event received: the changes after it replace the `put`',
    },
  ],
  queryParams: [
    { name: 'lastEventId', description: '`Last-Event-ID` for clients that can not set it' },
  ],
}

const envNotFound = { description: 'No such environment.', schema: errorAnswer }

const sdkStream = defineRoute({
  method: 'get',
  path: '/stream',
  operationId: 'streamSdkChanges',
  summary: "The stream of the key's view: put, patch, delete",
  tag: 'sdk',
  access: 'sdk',
  ...resume,
  responses: { 200: events },
})

const adminStream = defineRoute({
  method: 'get',
  path: '/environments/{env}/stream',
  operationId: 'streamEnvironmentChanges',
  summary: 'The server-view stream of an environment, for the admin UI',
  tag: 'tools',
  access: 'admin',
  permission: 'read',
  request: { params: envParam },
  ...resume,
  responses: { 200: events, 404: envNotFound },
})

const adminPayload = defineRoute({
  method: 'get',
  path: '/environments/{env}/payload',
  operationId: 'getEnvironmentPayload',
  summary: 'The whole payload of an environment, server view',
  tag: 'tools',
  access: 'admin',
  permission: 'read',
  request: { params: envParam },
  responses: {
    200: { description: 'The payload.', schema: payloadAnswer, headers: versionTag },
    404: envNotFound,
  },
})

async function environmentOf(deps: Deps, key: string) {
  const env = await deps.store.getEnvironment(key)
  if (env === undefined) throw new HTTPException(404, { message: 'environment not found' })
  return env
}

export function adminStreamRoutes(deps: Deps) {
  return new ApiRouter()
    .add(adminStream, async (c) => {
      const env = await environmentOf(deps, c.req.valid('param').env)
      return openStream(c as Context<AppEnv>, deps, env.id, c.get('auth'), 'server')
    })
    .add(adminPayload, async (c) => {
      const env = await environmentOf(deps, c.req.valid('param').env)
      const cached = await deps.payloads.get(env.id)
      return c.body(cached.json.server as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/json; charset=utf-8',
        ETag: `"${cached.version}"`,
      })
    })
}

export function sdkStreamRoutes(deps: Deps) {
  return new ApiRouter().add(sdkStream, (c) => {
    const key = c.get('auth')
    return openStream(c as Context<AppEnv>, deps, key.environmentId as number, key, viewOf(key))
  })
}
