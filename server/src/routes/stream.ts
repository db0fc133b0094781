/**
 * The stream: `GET /sdk/v1/stream` for SDK keys and `GET /api/v1/environments/:env/stream`
 * for the admin UI. A connection gets one `put`, or with `Last-Event-ID` the logged changes
 * after it, then every committed change of its view. The connection subscribes before its first
 * frames are read from the store, and holds back what arrives meanwhile: a change committed
 * while they are read is sent after them, once, and one they already hold is not sent again.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
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

/** The store can not be read and nothing is cached yet: the client should retry shortly. */
function unavailable(cause: unknown) {
  console.error('a stream could not read its first frames', cause)
  return new HTTPException(503, {
    res: new Response(JSON.stringify({ error: 'the database is unavailable; retry shortly' }), {
      status: 503,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
    }),
  })
}

export const viewOf = (key: AuthKey): View => (key.kind === 'client' ? 'client' : 'server')

function lastEventId(c: Context<AppEnv>): number | undefined {
  const raw = c.req.header('Last-Event-ID') ?? c.req.query('lastEventId')
  return raw !== undefined && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : undefined
}

/** Frames a connection starts with, and the version they bring it to. */
async function firstFrames(deps: Deps, envId: number, view: View, after: number | undefined) {
  const cached = await deps.payloads.get(envId)
  const put = { bytes: cached.put[view], version: cached.version }
  if (after === undefined) return put
  const changes = await deps.store.changesSince(envId, after).catch(() => undefined)
  if (changes === undefined) return put
  return { bytes: Buffer.from(replayFrames(changes, view)), version: after + changes.length }
}

export async function openStream(
  c: Context<AppEnv>,
  deps: Deps,
  envId: number,
  key: AuthKey,
  view: View,
) {
  // Frames the broker sends before the first ones are written wait here, with their version.
  let held: { version: number; bytes: Buffer }[] | undefined = []
  let connection: SseConnection | undefined
  let closed = false
  const subscriber = {
    environmentId: envId,
    view,
    keyId: key.id,
    version: 0,
    send(bytes: Buffer) {
      if (held === undefined) connection?.send(bytes)
      else held.push({ version: subscriber.version, bytes })
    },
    close() {
      closed = true
      connection?.close()
    },
  }
  const unsubscribe = deps.broker.subscribe(subscriber)
  let first: { bytes: Buffer; version: number }
  try {
    first = await firstFrames(deps, envId, view, lastEventId(c))
  } catch (error) {
    unsubscribe()
    throw unavailable(error)
  }

  const cors: Record<string, string> = c.req.path.startsWith('/sdk/')
    ? { 'Access-Control-Allow-Origin': '*' }
    : {}
  const outgoing = c.env?.outgoing
  let response: Response
  if (outgoing !== undefined) {
    connection = nodeConnection(outgoing, cors)
    response = RESPONSE_ALREADY_SENT
  } else {
    const web = webConnection()
    connection = web.connection
    response = new Response(web.body, { headers: { ...SSE_HEADERS, ...cors } })
  }
  if (first.bytes.length > 0) connection.start(first.bytes)
  for (const frame of held) if (frame.version > first.version) connection.send(frame.bytes)
  held = undefined
  subscriber.version = Math.max(subscriber.version, first.version)
  const stopExpiry = closeAtExpiry(key.expiresAt, deps.now, () => subscriber.close())
  connection.onClose(() => {
    stopExpiry()
    unsubscribe()
  })
  if (closed) connection.close()
  return response
}

/** Longest delay a timer takes (about 24.8 days); a later expiry is awaited in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * A stream authenticated by a token or session that expires ends when it does, as its next
 * request would be refused; the client's reconnection then meets the 401.
 */
export function closeAtExpiry(expiresAt: number | null, now: () => number, close: () => void) {
  if (expiresAt === null) return () => {}
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    const left = expiresAt - now()
    if (left <= 0) return close()
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS))
    timer.unref()
  }
  arm()
  return () => clearTimeout(timer)
}
