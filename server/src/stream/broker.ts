/**
 * The stream broker: fans committed changes out to the open stream connections. An interface,
 * so that an in-process fan-out today and a PostgreSQL LISTEN/NOTIFY one later are alike.
 */
import type { Change } from '../store/store.js'

export type View = 'server' | 'client'

/** One open stream connection, as the broker sees it. */
export interface Subscriber {
  environmentId: number
  view: View
  /** The key the connection authenticated with: revoking it closes the connection. */
  keyId: number
  /** The newest environment version the connection has; older events are not sent again. */
  version: number
  /** Queues bytes for the connection; it closes itself when it can not keep up. */
  send(bytes: Buffer): void
  close(): void
}

export interface BrokerStats {
  subscribers: number
  timers: number
}

export interface StreamBroker {
  /** Sends committed changes, in order, to the connections of their environments. */
  publish(changes: readonly Change[]): void
  /** Adds a connection; the returned function removes it (and may be called more than once). */
  subscribe(subscriber: Subscriber): () => void
  /** Closes every connection opened with the key. */
  revokeKey(keyId: number): void
  stats(): BrokerStats
  /** Closes every connection and stops the heartbeat. */
  close(): void
}
