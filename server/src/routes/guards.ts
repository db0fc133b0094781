/**
 * `GET|PUT /api/v1/flags/:key/environments/:env/guards`: a flag's guarded metrics in one
 * environment, with each guard's state, figures, comparisons and per-minute series.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, type Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import { flagEnvParam } from '../http/schemas.js'
import { guardsBody } from '../http/guard-schemas.js'

export function guardRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>()

  app.get('/flags/:key/environments/:env/guards', validate('param', flagEnvParam), (c) => {
    const { key, env } = c.req.valid('param')
    const guards = store.getGuards(key, env)
    if (guards === undefined) throw new HTTPException(404, { message: 'flag not found' })
    return c.json(guards)
  })

  app.put(
    '/flags/:key/environments/:env/guards',
    validate('param', flagEnvParam),
    validate('json', guardsBody),
    async (c) => {
      const { key, env } = c.req.valid('param')
      return c.json(await store.setGuards(key, env, c.req.valid('json'), actorOf(c)))
    },
  )

  return app
}
