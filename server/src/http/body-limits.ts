/**
 * The largest request bodies the server reads, answered 413 beyond. `Content-Length` is checked
 * before a byte is read; a chunked body is counted as it arrives and dropped at the limit, so no
 * request makes the server hold more than its limit in memory.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from './app-env.js'

/** Admin and hook bodies: a target list of tens of thousands of keys fits. */
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024

/**
 * SDK bodies (event batches of server keys): 10,000 aggregated entries, the SDKs' own bound,
 * with long keys. Client keys get a much smaller limit in the events route.
 */
export const MAX_SDK_BODY_BYTES = 4 * 1024 * 1024

export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  // The rest of the body may still be on its way; closing spares reading it to reuse the socket.
  const tooLarge = (c: Context) =>
    c.json({ error: `bodies are limited to ${maxSize} bytes` }, 413, { Connection: 'close' })
  const limit = bodyLimit({ maxSize, onError: tooLarge })
  // hono's bodyLimit decides as this does, but asks for the body stream first, which makes Node's
  // adapter build a whole web Request for every request. Deciding from the headers alone leaves
  // the body to be read straight from the socket when the route reads it.
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return limit(c, next)
    }
    return Number.parseInt(length, 10) > maxSize ? tooLarge(c) : next()
  }
}
