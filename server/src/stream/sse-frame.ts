/**
 * Server-Sent Events framing: one event as the exact text written to every connection.
 * JSON.stringify never emits a newline, so the data always fits one `data:` line.
 */
import type { ChangeEventName } from '../store/store.js'

export type EventName = ChangeEventName

export function sseFrame(event: EventName, id: number, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`
}

/** Sent first on every connection: how long an EventSource waits before reconnecting. */
export const RETRY_FRAME = 'retry: 1000\n\n'

/** A comment line that keeps proxies and clients from timing the connection out. */
export const HEARTBEAT_FRAME = ':\n\n'
