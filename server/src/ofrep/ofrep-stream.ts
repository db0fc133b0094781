/**
 * OFREP's change notifications (the protocol's ADR 0008): an SSE connection that carries no
 * flags, only `{"type":"refetchEvaluation"}` whenever a change of the key's view is committed,
 * so that a provider fetches the bulk evaluation again instead of polling. It rides on the
 * stream broker like the SDK stream: the broker hands a subscriber the bytes of each change of
 * its view (a client key's connection gets none for a server-only flag) and the heartbeats, and
 * this connection writes one notification in place of a change's events.
 */
import type { StreamBroker } from '../stream/broker.js'
import type { View } from '../stream/broker.js'
import type { SseConnection } from '../stream/sse-connection.js'
import type { Change } from '../store/store.js'

let last = { version: -1, bytes: Buffer.alloc(0) }

/**
 * One notification, as the ADR frames it: the envelope's event is always `message`, the id and
 * the etag are the environment's version. The last one is kept: every connection shares it.
 */
export function refetchFrame(version: number): Buffer {
  if (last.version === version) return last.bytes
  const data = JSON.stringify({ type: 'refetchEvaluation', etag: `"${version}"` })
  last = { version, bytes: Buffer.from(`event: message\nid: ${version}\ndata: ${data}\n\n`) }
  return last.bytes
}

/** Whether any of the changes is the view's business: one the view's payload shows. */
export const seenBy = (changes: readonly Change[], view: View) =>
  changes.some((change) => change.events.some((e) => e[view]))

/** 0x3a is `:`: what the broker sends that starts as a comment is a heartbeat, not a change. */
const isComment = (bytes: Buffer) => bytes[0] === 0x3a

export interface NotifyOptions {
  broker: StreamBroker
  connection: SseConnection
  environmentId: number
  view: View
  keyId: number
}

/**
 * Subscribes `connection` to the changes of its view until it closes. The answer tells the
 * version of the last change it was notified of (0 for none yet).
 * @example const notified = notifyChanges({ broker, connection, environmentId, view, keyId })
 */
export function notifyChanges(o: NotifyOptions): { version(): number } {
  const subscriber = {
    environmentId: o.environmentId,
    view: o.view,
    keyId: o.keyId,
    // Every change from now on: one the client may already have costs it a 304, never a miss.
    version: 0,
    send(bytes: Buffer) {
      // The fan-out sets the subscriber's version to the change's before it writes.
      o.connection.send(isComment(bytes) ? bytes : refetchFrame(subscriber.version))
    },
    close: () => o.connection.close(),
  }
  o.connection.onClose(o.broker.subscribe(subscriber))
  return { version: () => subscriber.version }
}
