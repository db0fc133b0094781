/**
 * The stream: `GET /sdk/v1/stream` for SDK keys and `GET /api/v1/environments/:env/stream`
 * for the admin UI. A connection gets one `put`, or with `Last-Event-ID` the logged changes
 * after it, then every committed change of its view. Replay and subscription happen in the
 * same synchronous turn, so no change falls between them; the subscriber's version, that of
 * its first frames, keeps a fan-out still under way from sending it a change twice.
 */
import type { Context } from 'hono'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { AuthKey } from '../store/store.js'
import type { AppEnv } from '../http/app-env.js'
import type { Deps } from '../http/deps.js'
import type { View } from '../stream/broker.js'
import { replayFrames } from '../stream/change-frames.js'
import {
  SSE_HEADERS,
  nodeConnection,
  webConnection,
  type SseConnection,
} from '../stream/sse-connection.js'

export const viewOf = (key: AuthKey): View => (key.kind === 'client' ? 'client' : 'server')

function lastEventId(c: Context<AppEnv>): number | undefined {
  const raw = c.req.header('Last-Event-ID') ?? c.req.query('lastEventId')
  return raw !== undefined && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : undefined
}

/** Frames a connection starts with, and the version they bring it to. */
function firstFrames(deps: Deps, envId: number, view: View, after: number | undefined) {
  const cached = deps.payloads.get(envId)
  const put = { bytes: cached.put[view], version: cached.version }
  if (after === undefined) return put
  const changes = deps.store.changesSince(envId, after)
  if (changes === undefined) return put
  return { bytes: Buffer.from(replayFrames(changes, view)), version: after + changes.length }
}

export function openStream(
  c: Context<AppEnv>,
  deps: Deps,
  envId: number,
  key: AuthKey,
  view: View,
) {
  const cors: Record<string, string> = c.req.path.startsWith('/sdk/')
    ? { 'Access-Control-Allow-Origin': '*' }
    : {}
  const outgoing = c.env?.outgoing
  let connection: SseConnection
  let response: Response
  if (outgoing !== undefined) {
    connection = nodeConnection(outgoing, cors)
    response = RESPONSE_ALREADY_SENT
  } else {
    const web = webConnection()
    connection = web.connection
    response = new Response(web.body, { headers: { ...SSE_HEADERS, ...cors } })
  }
  const first = firstFrames(deps, envId, view, lastEventId(c))
  if (first.bytes.length > 0) connection.start(first.bytes)
  const unsubscribe = deps.broker.subscribe({
    environmentId: envId,
    view,
    keyId: key.id,
    version: first.version,
    send: (bytes) => connection.send(bytes),
    close: () => connection.close(),
  })
  connection.onClose(unsubscribe)
  return response
}
