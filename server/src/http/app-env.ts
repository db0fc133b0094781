/**
 * The Hono environment of the app: Node's request and response when served by
 * @hono/node-server (absent under `app.request()`), and the authenticated key.
 */
import type { Context } from 'hono'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthKey } from '../store/store.js'

export interface AppEnv {
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse }
  Variables: { auth: AuthKey }
}

/** The peer address, for rate limits; in-process requests share one bucket. */
export function clientAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket.remoteAddress ?? 'local'
}
