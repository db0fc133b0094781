/**
 * Environments and their keys. A new key's secret is in the answer to its creation only.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, type Deps } from '../http/deps.js'
import {
  createEnvironmentBody,
  createKeyBody,
  envParam,
  keyIdParam,
  patchEnvironmentBody,
} from '../http/schemas.js'
import {
  createdKeyAnswer,
  environmentAnswer,
  errorAnswer,
  keyAnswer,
  listOf,
} from '../http/answer-schemas.js'
import type { Environment } from '../store/store.js'
import { digestOf, hintOf, newSecret } from '../auth/secrets.js'

const publicEnv = ({ id: _id, ...env }: Environment) => env

const envNotFound = { description: 'No such environment.', schema: errorAnswer }
const tag = 'environments'

const listEnvironments = defineRoute({
  method: 'get',
  path: '/environments',
  operationId: 'listEnvironments',
  summary: 'List environments',
  tag,
  access: 'admin',
  permission: 'read',
  responses: {
    200: { description: 'The environments.', schema: listOf('environments', environmentAnswer) },
  },
})

const createEnvironment = defineRoute({
  method: 'post',
  path: '/environments',
  operationId: 'createEnvironment',
  summary: 'Create an environment',
  description: '`critical` defaults to whether the key is `production`.',
  tag,
  access: 'admin',
  permission: 'admin',
  request: { body: createEnvironmentBody },
  responses: {
    201: { description: 'The new environment.', schema: environmentAnswer },
    409: { description: 'An environment of this key exists.', schema: errorAnswer },
  },
})

const updateEnvironment = defineRoute({
  method: 'patch',
  path: '/environments/{env}',
  operationId: 'updateEnvironment',
  summary: "Change an environment's name or whether it is critical",
  tag,
  access: 'admin',
  permission: 'admin',
  request: { params: envParam, body: patchEnvironmentBody },
  responses: {
    200: { description: 'The environment, changed.', schema: environmentAnswer },
    404: envNotFound,
  },
})

const listKeys = defineRoute({
  method: 'get',
  path: '/environments/{env}/keys',
  operationId: 'listKeys',
  summary: "List an environment's keys (no secrets)",
  tag,
  access: 'admin',
  permission: 'admin',
  request: { params: envParam },
  responses: {
    200: { description: 'The keys, revoked ones included.', schema: listOf('keys', keyAnswer) },
    404: envNotFound,
  },
})

const createKey = defineRoute({
  method: 'post',
  path: '/environments/{env}/keys',
  operationId: 'createKey',
  summary: 'Create a key; the secret is shown once',
  tag,
  access: 'admin',
  permission: 'admin',
  request: { params: envParam, body: createKeyBody },
  responses: {
    201: { description: 'The key, with its secret as `key`.', schema: createdKeyAnswer },
    404: envNotFound,
  },
})

const revokeKey = defineRoute({
  method: 'delete',
  path: '/keys/{id}',
  operationId: 'revokeKey',
  summary: 'Revoke a key; its streams close',
  tag,
  access: 'admin',
  permission: 'admin',
  request: { params: keyIdParam },
  responses: {
    204: { description: 'Revoked.' },
    404: { description: 'No such key, or revoked already.', schema: errorAnswer },
    409: { description: 'The last admin token can not be revoked.', schema: errorAnswer },
  },
})

export function environmentRoutes({ store, broker }: Deps) {
  return new ApiRouter()
    .add(listEnvironments, async (c) =>
      c.json({ environments: (await store.listEnvironments()).map(publicEnv) }),
    )
    .add(createEnvironment, async (c) => {
      const { key, name, critical } = c.req.valid('json')
      const env = await store.createEnvironment(
        { key, name: name ?? key, ...(critical === undefined ? {} : { critical }) },
        actorOf(c),
      )
      return c.json(publicEnv(env), 201)
    })
    .add(updateEnvironment, async (c) => {
      const env = await store.updateEnvironment(
        c.req.valid('param').env,
        c.req.valid('json'),
        actorOf(c),
      )
      return c.json(publicEnv(env))
    })
    .add(listKeys, async (c) => c.json({ keys: await store.listKeys(c.req.valid('param').env) }))
    .add(createKey, async (c) => {
      const { kind, name } = c.req.valid('json')
      const secret = newSecret(kind)
      const info = await store.createKey(
        {
          kind,
          name,
          environment: c.req.valid('param').env,
          digest: digestOf(secret),
          hint: hintOf(secret),
        },
        actorOf(c),
      )
      return c.json({ ...info, key: secret }, 201)
    })
    .add(revokeKey, async (c) => {
      const id = c.req.valid('param').id
      await store.revokeKey(id, actorOf(c))
      broker.revokeKey(id)
      return c.body(null, 204)
    })
}
