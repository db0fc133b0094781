/**
 * The Hono environment of the app: Node's request and response when served by
 * @hono/node-server (absent under `app.request()`), the authenticated key and principal, and
 * the source.
 */
import type { Context } from 'hono'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthKey } from '../store/store.js'
import { normalizeAddress } from '../auth/client-source.js'
import type { Principal } from '../auth/permissions.js'
import type { SessionRecord } from '../store/team-store.js'

export interface AppEnv {
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse }
  /**
   * `source` is set for every request by `resolveSources` (auth/client-source.ts); on the
   * admin API, `principal` is who is asking and `environmentKeys` lists every environment,
   * for the permission check (auth/authorize.ts).
   */
  Variables: {
    auth: AuthKey
    source?: string
    principal: Principal
    /** The admin UI's session, when the request came with its cookie rather than a token. */
    session?: SessionRecord
    environmentKeys: () => Promise<string[]>
  }
}

/** The address of the connection's other end; undefined in-process or once it is gone. */
export function peerAddress(c: Context<AppEnv>): string | undefined {
  return c.env?.incoming?.socket.remoteAddress
}

/**
 * Where a request comes from, for rate limits and trust: the peer, or the client a trusted
 * proxy names (see auth/client-source.ts). In-process requests share the source `local`.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const peer = peerAddress(c)
  return c.get('source') ?? (peer === undefined ? 'local' : (normalizeAddress(peer) ?? peer))
}
