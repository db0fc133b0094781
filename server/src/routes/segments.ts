/**
 * Segments of one environment: `/api/v1/environments/:env/segments[/:key]`.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, etag, type Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import {
  createSegmentBody,
  envParam,
  ifMatchHeader,
  patchSegmentBody,
  segmentParam,
} from '../http/schemas.js'

export function segmentRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>()
  const base = '/environments/:env/segments'

  app.get(base, validate('param', envParam), (c) =>
    c.json({ segments: store.listSegments(c.req.valid('param').env) }),
  )

  app.post(base, validate('param', envParam), validate('json', createSegmentBody), async (c) => {
    const body = c.req.valid('json')
    const segment = await store.createSegment(
      c.req.valid('param').env,
      { ...body, name: body.name ?? body.key },
      actorOf(c),
    )
    return c.json(segment, 201, { ETag: etag(segment.version) })
  })

  app.get(`${base}/:key`, validate('param', segmentParam), (c) => {
    const { env, key } = c.req.valid('param')
    const segment = store.getSegment(env, key)
    if (segment === undefined) throw new HTTPException(404, { message: 'segment not found' })
    return c.json(segment, 200, { ETag: etag(segment.version) })
  })

  app.patch(
    `${base}/:key`,
    validate('param', segmentParam),
    validate('header', ifMatchHeader),
    validate('json', patchSegmentBody),
    async (c) => {
      const { env, key } = c.req.valid('param')
      const segment = await store.updateSegment(env, key, c.req.valid('json'), {
        actor: actorOf(c),
        ifMatch: c.req.valid('header')['if-match'],
      })
      return c.json(segment, 200, { ETag: etag(segment.version) })
    },
  )

  app.delete(
    `${base}/:key`,
    validate('param', segmentParam),
    validate('header', ifMatchHeader),
    async (c) => {
      const { env, key } = c.req.valid('param')
      await store.deleteSegment(env, key, {
        actor: actorOf(c),
        ifMatch: c.req.valid('header')['if-match'],
      })
      return c.body(null, 204)
    },
  )

  return app
}
