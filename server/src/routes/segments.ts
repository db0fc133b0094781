/**
 * Segments of one environment: `/api/v1/environments/{env}/segments[/{key}]`.
 */
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, etag, type Deps } from '../http/deps.js'
import {
  createSegmentBody,
  envParam,
  ifMatchHeader,
  patchSegmentBody,
  segmentParam,
} from '../http/schemas.js'
import { errorAnswer, listOf, segmentAnswer, versionTag } from '../http/answer-schemas.js'

const tag = 'segments'
const base = '/environments/{env}/segments'
const envNotFound = { description: 'No such environment.', schema: errorAnswer }
const segmentNotFound = { description: 'No such environment or segment.', schema: errorAnswer }
const stale = {
  description: '`If-Match` names a version that is not the current one.',
  schema: errorAnswer,
}

const listSegments = defineRoute({
  method: 'get',
  path: base,
  operationId: 'listSegments',
  summary: "List an environment's segments",
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: envParam },
  responses: {
    200: { description: 'The segments.', schema: listOf('segments', segmentAnswer) },
    404: envNotFound,
  },
})

const createSegment = defineRoute({
  method: 'post',
  path: base,
  operationId: 'createSegment',
  summary: 'Create a segment',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: envParam, body: createSegmentBody },
  responses: {
    201: { description: 'The new segment.', schema: segmentAnswer, headers: versionTag },
    404: envNotFound,
    409: { description: 'A segment of this key exists here.', schema: errorAnswer },
  },
})

const getSegment = defineRoute({
  method: 'get',
  path: `${base}/{key}`,
  operationId: 'getSegment',
  summary: 'A segment',
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: segmentParam },
  responses: {
    200: { description: 'The segment.', schema: segmentAnswer, headers: versionTag },
    404: segmentNotFound,
  },
})

const updateSegment = defineRoute({
  method: 'patch',
  path: `${base}/{key}`,
  operationId: 'updateSegment',
  summary: 'Change a segment',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: segmentParam, headers: ifMatchHeader, body: patchSegmentBody },
  responses: {
    200: { description: 'The segment, changed.', schema: segmentAnswer, headers: versionTag },
    404: segmentNotFound,
    412: stale,
  },
})

const deleteSegment = defineRoute({
  method: 'delete',
  path: `${base}/{key}`,
  operationId: 'deleteSegment',
  summary: 'Delete a segment that no flag uses',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: segmentParam, headers: ifMatchHeader },
  responses: {
    204: { description: 'Deleted.' },
    404: segmentNotFound,
    409: { description: 'Flags use the segment: their keys are named.', schema: errorAnswer },
    412: stale,
  },
})

export function segmentRoutes({ store }: Deps) {
  return new ApiRouter()
    .add(listSegments, async (c) =>
      c.json({ segments: await store.listSegments(c.req.valid('param').env) }),
    )
    .add(createSegment, async (c) => {
      const body = c.req.valid('json')
      const segment = await store.createSegment(
        c.req.valid('param').env,
        { ...body, name: body.name ?? body.key },
        actorOf(c),
      )
      return c.json(segment, 201, { ETag: etag(segment.version) })
    })
    .add(getSegment, async (c) => {
      const { env, key } = c.req.valid('param')
      const segment = await store.getSegment(env, key)
      if (segment === undefined) throw new HTTPException(404, { message: 'segment not found' })
      return c.json(segment, 200, { ETag: etag(segment.version) })
    })
    .add(updateSegment, async (c) => {
      const { env, key } = c.req.valid('param')
      const segment = await store.updateSegment(env, key, c.req.valid('json'), {
        actor: actorOf(c),
        ifMatch: c.req.valid('header')['if-match'],
      })
      return c.json(segment, 200, { ETag: etag(segment.version) })
    })
    .add(deleteSegment, async (c) => {
      const { env, key } = c.req.valid('param')
      await store.deleteSegment(env, key, {
        actor: actorOf(c),
        ifMatch: c.req.valid('header')['if-match'],
      })
      return c.body(null, 204)
    })
}
