/**
 * Environments and their keys. A new key's secret is in the answer to its creation only.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, type Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import { createEnvironmentBody, createKeyBody, envParam, keyIdParam } from '../http/schemas.js'
import type { Environment } from '../store/store.js'
import { digestOf, hintOf, newSecret } from '../auth/secrets.js'

const publicEnv = ({ id: _id, ...env }: Environment) => env

export function environmentRoutes({ store, broker }: Deps) {
  const app = new Hono<AppEnv>()

  app.get('/environments', (c) => c.json({ environments: store.listEnvironments().map(publicEnv) }))

  app.post('/environments', validate('json', createEnvironmentBody), async (c) => {
    const body = c.req.valid('json')
    const env = await store.createEnvironment(
      { key: body.key, name: body.name ?? body.key },
      actorOf(c),
    )
    return c.json(publicEnv(env), 201)
  })

  app.get('/environments/:env/keys', validate('param', envParam), (c) =>
    c.json({ keys: store.listKeys(c.req.valid('param').env) }),
  )

  app.post(
    '/environments/:env/keys',
    validate('param', envParam),
    validate('json', createKeyBody),
    async (c) => {
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
    },
  )

  app.delete('/keys/:id', validate('param', keyIdParam), async (c) => {
    const id = c.req.valid('param').id
    await store.revokeKey(id, actorOf(c))
    broker.revokeKey(id)
    return c.body(null, 204)
  })

  return app
}
