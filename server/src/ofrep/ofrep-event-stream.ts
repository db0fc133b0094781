/**
 * The HTTP side of OFREP's change notifications: what a bulk answer says in `eventStreams`, and
 * `GET /ofrep/v1/event-stream` itself.
 *
 * The URL carries a client key in `?key=`, because a browser's EventSource can not set headers
 * and the ADR makes the URL opaque to the provider. That is no leak: a client key is public by
 * design (every page that uses it ships it) and sees only client-side flags' values. A server
 * key is a secret and never goes into a URL, so a server key's answer names no stream (its
 * provider polls, as without ADR 0008); a client that can set headers may still open the
 * stream with one.
 */
import type { Context } from 'hono'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { AppEnv } from '../http/app-env.js'
import type { Deps } from '../http/deps.js'
import type { View } from '../stream/broker.js'
import { SSE_HEADERS, nodeConnection, webConnection } from '../stream/sse-connection.js'
import { notifyChanges, refetchFrame, seenBy } from './ofrep-stream.js'

export const EVENT_STREAM_PATH = '/ofrep/v1/event-stream'

const CORS = { 'Access-Control-Allow-Origin': '*' }

/** The key as the request presented it: `Authorization: Bearer` first, as authentication reads. */
function presentedKey(c: Context<AppEnv>): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1]
  return bearer ?? (c.req.header('X-API-Key')?.trim() || undefined)
}

/**
 * `{ eventStreams: [...] }` for a client key, to spread into a bulk answer; `{}` otherwise.
 * An `endpoint` without origin: the provider joins it to the base URL it was configured with,
 * so the stream is reached the same way as the evaluations, through whatever proxy.
 */
export function eventStreamsOf(c: Context<AppEnv>) {
  const key = presentedKey(c)
  if (c.get('auth').kind !== 'client' || key === undefined) return {}
  const requestUri = `${EVENT_STREAM_PATH}?key=${encodeURIComponent(key)}`
  return { eventStreams: [{ type: 'sse', endpoint: { requestUri } }] }
}

function lastEventId(c: Context<AppEnv>): number | undefined {
  const raw = c.req.header('Last-Event-ID') ?? c.req.query('lastEventId')
  return raw !== undefined && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : undefined
}

/**
 * After a reconnect, the notification the client missed, if any: one when a change of its view
 * was committed after `after`, or when that can no longer be told (a refetch costs it a 304).
 */
async function missed(deps: Deps, envId: number, view: View, after: number) {
  try {
    const changes = await deps.store.changesSince(envId, after)
    if (changes !== undefined) return seenBy(changes, view) ? after + changes.length : undefined
    return (await deps.payloads.get(envId)).version
  } catch {
    return after + 1
  }
}

/** Opens the stream of the authenticated key's view. */
export async function openNotifications(c: Context<AppEnv>, deps: Deps) {
  const auth = c.get('auth')
  const envId = auth.environmentId as number
  const view: View = auth.kind === 'client' ? 'client' : 'server'
  const outgoing = c.env?.outgoing
  const web = outgoing === undefined ? webConnection() : undefined
  const connection = web?.connection ?? nodeConnection(outgoing!, CORS)
  // Subscribed before the log is read, so no change falls between the two.
  const notified = notifyChanges({
    broker: deps.broker,
    connection,
    environmentId: envId,
    view,
    keyId: auth.id,
  })
  const after = lastEventId(c)
  const version = after === undefined ? undefined : await missed(deps, envId, view, after)
  // A live notification sent meanwhile already asks for the refetch, with a newer id.
  if (version !== undefined && notified.version() === 0) connection.send(refetchFrame(version))
  if (web === undefined) return RESPONSE_ALREADY_SENT
  return new Response(web.body, { headers: { ...SSE_HEADERS, ...CORS } })
}
