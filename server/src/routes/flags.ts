/**
 * Flags: metadata (`/api/v1/flags`) and each environment's config
 * (`/api/v1/flags/{key}/environments/{env}`, with its version as ETag and If-Match).
 */
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { changeRequestEnvelope } from '../http/team-schemas.js'
import { requestChange } from './request-change.js'
import { onlyKeys } from '../auth/authorize.js'
import { actorOf, etag, type Deps } from '../http/deps.js'
import {
  createFlagBody,
  flagEnvParam,
  flagParam,
  ifMatchHeader,
  patchFlagBody,
  patchFlagConfigBody,
} from '../http/schemas.js'
import {
  errorAnswer,
  flagAnswer,
  flagMetaAnswer,
  listOf,
  versionTag,
} from '../http/answer-schemas.js'

const tag = 'flags'

/** A change that only switches the flag off is the andon cord (`kill`): anyone may pull it. */
const switchesOff = {
  killWhen: (body: unknown) => onlyKeys(body, ['enabled', 'comment']) && body.enabled === false,
  kills: 'a body of only `enabled: false` (and a `comment`)',
}
const flagNotFound = { description: 'No such live flag.', schema: errorAnswer }
const configNotFound = { description: 'No such live flag or environment.', schema: errorAnswer }

const listFlags = defineRoute({
  method: 'get',
  path: '/flags',
  operationId: 'listFlags',
  summary: 'List live flags',
  tag,
  access: 'admin',
  permission: 'read',
  responses: { 200: { description: 'The flags.', schema: listOf('flags', flagMetaAnswer) } },
})

const createFlag = defineRoute({
  method: 'post',
  path: '/flags',
  operationId: 'createFlag',
  summary: 'Create a flag in every environment, off',
  tag,
  access: 'admin',
  permission: 'define',
  request: { body: createFlagBody },
  responses: {
    201: { description: 'The new flag.', schema: flagMetaAnswer },
    409: { description: 'A flag of this key exists, or existed.', schema: errorAnswer },
  },
})

const getFlag = defineRoute({
  method: 'get',
  path: '/flags/{key}',
  operationId: 'getFlag',
  summary: "A flag's metadata",
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagParam },
  responses: { 200: { description: 'The flag.', schema: flagMetaAnswer }, 404: flagNotFound },
})

const updateFlag = defineRoute({
  method: 'patch',
  path: '/flags/{key}',
  operationId: 'updateFlag',
  summary: "Change a flag's metadata",
  tag,
  access: 'admin',
  permission: 'define',
  request: { params: flagParam, body: patchFlagBody },
  responses: {
    200: { description: 'The flag, changed.', schema: flagMetaAnswer },
    404: flagNotFound,
    409: {
      description: 'Client-side flags would depend on a flag that is no longer client-side.',
      schema: errorAnswer,
    },
  },
})

const archiveFlag = defineRoute({
  method: 'delete',
  path: '/flags/{key}',
  operationId: 'archiveFlag',
  summary: 'Archive a flag',
  tag,
  access: 'admin',
  permission: 'archive',
  request: { params: flagParam },
  responses: {
    204: { description: 'Archived: gone from every payload.' },
    404: flagNotFound,
    409: { description: 'The flag is a prerequisite of others.', schema: errorAnswer },
  },
})

const getFlagConfig = defineRoute({
  method: 'get',
  path: '/flags/{key}/environments/{env}',
  operationId: 'getFlagConfig',
  summary: "A flag's config in an environment",
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: flagEnvParam },
  responses: {
    200: {
      description: 'The flag as the environment serves it.',
      schema: flagAnswer,
      headers: versionTag,
    },
    404: configNotFound,
  },
})

const updateFlagConfig = defineRoute({
  method: 'patch',
  path: '/flags/{key}/environments/{env}',
  operationId: 'updateFlagConfig',
  summary: "Change a flag's config in an environment",
  description:
    'Only the fields given are replaced. `comment` is not part of the config: it is kept in the audit entry of the change.',
  tag,
  access: 'admin',
  permission: switchesOff,
  request: { params: flagEnvParam, headers: ifMatchHeader, body: patchFlagConfigBody },
  responses: {
    200: { description: 'The flag, changed.', schema: flagAnswer, headers: versionTag },
    202: {
      description:
        'The environment requires approval: the edit waits as a change request for another editor. Switching a flag off never waits.',
      schema: changeRequestEnvelope,
    },
    404: configNotFound,
    412: {
      description: '`If-Match` names a version that is not the current one.',
      schema: errorAnswer,
    },
  },
})

export function flagRoutes({ store }: Deps) {
  return new ApiRouter()
    .add(listFlags, async (c) => c.json({ flags: await store.listFlags() }))
    .add(createFlag, async (c) => {
      const body = c.req.valid('json')
      const flag = await store.createFlag({ ...body, name: body.name ?? body.key }, actorOf(c))
      return c.json(flag, 201)
    })
    .add(getFlag, async (c) => {
      const flag = await store.getFlag(c.req.valid('param').key)
      if (flag === undefined) throw new HTTPException(404, { message: 'flag not found' })
      return c.json(flag)
    })
    .add(updateFlag, async (c) =>
      c.json(await store.updateFlag(c.req.valid('param').key, c.req.valid('json'), actorOf(c))),
    )
    .add(archiveFlag, async (c) => {
      await store.archiveFlag(c.req.valid('param').key, actorOf(c))
      return c.body(null, 204)
    })
    .add(getFlagConfig, async (c) => {
      const { key, env } = c.req.valid('param')
      const flag = await store.getFlagConfig(key, env)
      if (flag === undefined) throw new HTTPException(404, { message: 'flag not found' })
      return c.json(flag, 200, { ETag: etag(flag.version) })
    })
    .add(updateFlagConfig, async (c) => {
      const { key, env } = c.req.valid('param')
      const body = c.req.valid('json')
      const ifMatch = c.req.valid('header')['if-match']
      if (
        !switchesOff.killWhen(body) &&
        (await store.getEnvironmentSettings(env))?.requireApproval
      ) {
        return c.json(
          { changeRequest: await requestChange(store, c, key, env, body, ifMatch) },
          202,
        )
      }
      const { comment, ...patch } = body
      const flag = await store.updateFlagConfig(key, env, patch, {
        actor: actorOf(c),
        ifMatch,
        ...(comment === undefined ? {} : { comment }),
      })
      return c.json(flag, 200, { ETag: etag(flag.version) })
    })
}
