/**
 * What the client's status says while the connection changes state: whether the data held
 * is fresh (`stale`, with the last error) and whether the client became `ready` from the
 * server. Kept apart from the connection, which reports facts, and from the client, which
 * merges this into the status it shows.
 */
import type { ConnectionState } from './connection.js'
import type { ClientStatus } from './types.js'

/**
 * The status fields a connection report changes. `current`: the server answered and the
 * data held is its latest; `error`: the server could not be reached; `version`: the
 * environment version held (0: none).
 * @example
 * connectionStatus('streaming', true, undefined, 7)
 * // { connection: 'streaming', stale: false, error: undefined, ready: true, source: 'server' }
 */
export function connectionStatus(
  state: ConnectionState,
  current: boolean,
  error: Error | undefined,
  version: number,
): Partial<ClientStatus> {
  return {
    connection: state,
    ...(current && { stale: false, error: undefined }),
    // A stream that opens after the version held (see resumeFrom) is the server saying
    // nothing else changed: if something did, it follows at once, as with a put.
    ...(current && state === 'streaming' && version > 0 && { ready: true, source: 'server' }),
    ...(error && { stale: true, error: error.message }),
  }
}
