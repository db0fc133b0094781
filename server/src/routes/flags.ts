/**
 * Flags: metadata (`/api/v1/flags`) and each environment's config
 * (`/api/v1/flags/:key/environments/:env`, with its version as ETag and If-Match).
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, etag, type Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import {
  createFlagBody,
  flagEnvParam,
  flagParam,
  ifMatchHeader,
  patchFlagBody,
  patchFlagConfigBody,
} from '../http/schemas.js'

export function flagRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>()

  app.get('/flags', (c) => c.json({ flags: store.listFlags() }))

  app.post('/flags', validate('json', createFlagBody), async (c) => {
    const body = c.req.valid('json')
    const flag = await store.createFlag({ ...body, name: body.name ?? body.key }, actorOf(c))
    return c.json(flag, 201)
  })

  app.get('/flags/:key', validate('param', flagParam), (c) => {
    const flag = store.getFlag(c.req.valid('param').key)
    if (flag === undefined) throw new HTTPException(404, { message: 'flag not found' })
    return c.json(flag)
  })

  app.patch(
    '/flags/:key',
    validate('param', flagParam),
    validate('json', patchFlagBody),
    async (c) =>
      c.json(await store.updateFlag(c.req.valid('param').key, c.req.valid('json'), actorOf(c))),
  )

  app.delete('/flags/:key', validate('param', flagParam), async (c) => {
    await store.archiveFlag(c.req.valid('param').key, actorOf(c))
    return c.body(null, 204)
  })

  app.get('/flags/:key/environments/:env', validate('param', flagEnvParam), (c) => {
    const { key, env } = c.req.valid('param')
    const flag = store.getFlagConfig(key, env)
    if (flag === undefined) throw new HTTPException(404, { message: 'flag not found' })
    return c.json(flag, 200, { ETag: etag(flag.version) })
  })

  app.patch(
    '/flags/:key/environments/:env',
    validate('param', flagEnvParam),
    validate('header', ifMatchHeader),
    validate('json', patchFlagConfigBody),
    async (c) => {
      const { key, env } = c.req.valid('param')
      const flag = await store.updateFlagConfig(key, env, c.req.valid('json'), {
        actor: actorOf(c),
        ifMatch: c.req.valid('header')['if-match'],
      })
      return c.json(flag, 200, { ETag: etag(flag.version) })
    },
  )

  return app
}
