/**
 * `GET /sdk/v1/flags`: the environment payload of the key's view, with the environment
 * version as ETag so that an unchanged payload costs a 304.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { etag, type Deps } from '../http/deps.js'
import { payloadAnswer, versionTag } from '../http/answer-schemas.js'
import { viewOf } from './stream.js'

/** Whether an If-None-Match header names the version (a list, weak or strong tags, or `*`). */
function matches(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '')
    return v === '*' || v === tag || v === tag.slice(1, -1)
  })
}

const getPayload = defineRoute({
  method: 'get',
  path: '/flags',
  operationId: 'getSdkPayload',
  summary: "The environment payload of the key's view",
  description:
    'A client key sees client-side flags only, without their targets. Send the last `ETag` in `If-None-Match` and an unchanged payload costs a 304; gzip when `Accept-Encoding` allows.',
  tag: 'sdk',
  access: 'sdk',
  headerParams: [
    { name: 'If-None-Match', description: 'the ETag of the payload held: 304 if it is current' },
  ],
  responses: {
    200: {
      description: 'The payload.',
      schema: payloadAnswer,
      headers: { ...versionTag, 'Cache-Control': { description: '`no-cache`' } },
    },
    304: { description: 'The payload held is current.', headers: versionTag },
  },
})

export function sdkRoutes({ payloads }: Deps) {
  return new ApiRouter().add(getPayload, async (c) => {
    const key = c.get('auth')
    const cached = await payloads.get(key.environmentId as number)
    const tag = etag(cached.version)
    const headers = { ETag: tag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' }
    if (matches(c.req.header('If-None-Match'), tag)) return c.body(null, 304, headers)
    const view = viewOf(key)
    const type = { 'Content-Type': 'application/json; charset=utf-8' }
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      const body = cached.gzip(view) as Uint8Array<ArrayBuffer>
      return c.body(body, 200, { ...headers, ...type, 'Content-Encoding': 'gzip' })
    }
    return c.body(cached.json[view] as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type })
  })
}
