/**
 * Where the browser client's first values come from, so it serves at once without flicker:
 * the bootstrap that server rendering passed (it wins, so the page shows what the server
 * rendered), else the payload kept in storage by the last page load, else nothing (the
 * defaults, until the server answers). A malformed bootstrap or kept payload counts as none.
 */
import { asPayload, type Payload } from '@andon/core'
import { readPayload, type KeyValueStorage } from './storage.js'
import type { BrowserClientOptions, DataSource } from './types.js'

/** The payload to start from (none: undefined), and where it comes from. */
export type StartingData = [payload: Payload | undefined, source: DataSource]

/**
 * @example
 * startingData({ baseUrl, clientKey, bootstrap }, localStorage) // [payload, 'bootstrap']
 */
export function startingData(
  options: Pick<BrowserClientOptions, 'bootstrap' | 'clientKey'>,
  storage: KeyValueStorage | null,
): StartingData {
  const bootstrap = asPayload(options.bootstrap)
  const payload = bootstrap ?? readPayload(storage, options.clientKey)
  return [payload, bootstrap ? 'bootstrap' : payload ? 'cache' : 'none']
}
