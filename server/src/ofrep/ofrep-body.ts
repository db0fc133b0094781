/**
 * The text of an OFREP request's body. A context is small and arrives in the packet of the
 * request's headers, so by the time the route runs Node holds all of it. Reading it from
 * Node's request at once spares the listeners, ticks and promise that `c.req.text()` waits
 * through: the largest part of a single evaluation's cost after the HTTP stack's own. Anything
 * else (no Node request, a chunked body, one still arriving or already read) goes through
 * `c.req.text()`.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'

// As node-server's text(): a leading byte order mark is dropped, bad bytes become U+FFFD.
const utf8 = new TextDecoder()

export function bodyText(c: Context<AppEnv>): string | Promise<string> {
  const incoming = c.env?.incoming
  // In-process requests have no Node request, or a stand-in that only names the peer.
  if (incoming === undefined || typeof incoming.read !== 'function') return c.req.text()
  if (incoming.readableDidRead || incoming.readableFlowing === true) return c.req.text()
  const { 'content-length': length, 'transfer-encoding': chunked } = incoming.headers
  if (length === undefined || chunked !== undefined || incoming.readableLength !== Number(length)) {
    return c.req.text()
  }
  // Without a size, read() hands over everything buffered, here the whole body, in one Buffer.
  const body = incoming.read() as Buffer | null
  // Flowing, the request ends by itself once Node sees its end: node-server drains a request
  // that has not ended when its answer is sent, with timers.
  incoming.resume()
  return body === null ? '' : utf8.decode(body)
}
