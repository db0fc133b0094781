/**
 * The link to the server: the stream (`GET /sdk/v1/stream`) through the native `EventSource`,
 * and polling (`poller.ts`) while the stream keeps failing. While the stream is merely
 * interrupted the browser reconnects by itself and sends `Last-Event-ID`, so the server
 * replays only what was missed; a new connection passes the version held as `?lastEventId=`
 * to the same end. Reconnects wait as core's backoff says. Network trouble is reported as
 * state, never thrown.
 */
import {
  asDelete,
  asPatch,
  asPayload,
  createBackoff,
  parseJson,
  type ItemDelete,
  type ItemPatch,
  type Payload,
} from '@andon/core'
import { createPoller } from './poller.js'
import type { BrowserClientOptions } from './types.js'
import { fetchOf, sdkUrl } from './url.js'

export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'polling' | 'closed'

export interface ConnectionHandlers {
  put(payload: Payload): void
  patch(event: ItemPatch, environmentVersion: number | undefined): void
  remove(event: ItemDelete, environmentVersion: number | undefined): void
  /**
   * `current`: the server answered and the data held is its latest; `error`: why the server
   * could not be reached (the data held may be old). Neither: no news about freshness.
   */
  state(connection: ConnectionState, current: boolean, error?: Error): void
}

export interface Connection {
  close(): void
}

const CLOSED = 2 // EventSource.CLOSED, without touching a global at import time

/**
 * Connects to the server as the client's options say, and keeps connected until `close()`.
 * `resumeFrom`: the environment version of the data held (0 for none).
 * @example
 * const connection = connect(options, () => store.version, { put, patch, remove, state })
 * connection.close()
 */
export function connect(
  options: BrowserClientOptions,
  resumeFrom: () => number,
  h: ConnectionHandlers,
): Connection {
  const url = (path: string) => sdkUrl(options.baseUrl, options.clientKey, path)
  const EventSource =
    options.streaming === false ? undefined : (options.EventSource ?? globalThis.EventSource)
  const fetch = fetchOf(options)
  const backoff = createBackoff(options.random)
  const poller =
    fetch && createPoller(url('/sdk/v1/flags'), fetch, options.pollIntervalMs ?? 30_000, h)
  let source: EventSource | null = null
  let failures = 0
  let streamTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function dropStream() {
    source?.close()
    source = null
  }

  function openStream() {
    if (closed) return
    if (EventSource === undefined) return poller?.start()
    if (!poller?.active) h.state('connecting', false)
    // A new source cannot send the Last-Event-ID header, so the version held (kept from the
    // last visit, or from before a reconnect of our own) goes in the query for the server
    // to replay only what changed since.
    const after = resumeFrom()
    const es = new EventSource(url('/sdk/v1/stream') + (after > 0 ? `&lastEventId=${after}` : ''))
    source = es
    es.onopen = () => {
      if (source !== es) return
      failures = 0
      backoff.opened()
      poller?.stop()
      h.state('streaming', true)
    }
    es.onerror = () => {
      if (source === es) streamFailed(new Error('the stream failed'), es.readyState === CLOSED)
    }
    const listen = <T>(
      name: string,
      parse: (data: unknown) => T | undefined,
      apply: (item: T, version: number | undefined) => void,
    ) =>
      es.addEventListener(name, (event) => {
        if (source !== es) return
        const { data, lastEventId } = event as MessageEvent<unknown>
        const item = parse(parseJson(data))
        const id = parseInt(lastEventId) // the environment version; NaN when there is none
        if (item !== undefined) apply(item, id >= 0 ? id : undefined)
        // The spec: an event whose data does not parse is dropped and the SDK reconnects.
        else streamFailed(new Error(`malformed ${name} event`), true)
      })
    listen('put', asPayload, h.put)
    listen('patch', asPatch, h.patch)
    listen('delete', asDelete, h.remove)
  }

  /** `reconnect`: the browser will not retry this source by itself, so we do. */
  function streamFailed(error: Error, reconnect: boolean) {
    failures++
    backoff.failed()
    // While polling serves, a failed attempt to get the stream back is no news.
    if (!poller?.active) h.state('connecting', false, error)
    const poll = failures >= (options.streamFailuresBeforePolling ?? 3)
    if (poll || reconnect) {
      dropStream()
      if (poll) poller?.start()
      streamTimer = setTimeout(openStream, backoff.delay())
    }
    // Otherwise the browser retries on its own and resumes with Last-Event-ID.
  }

  openStream() // or polling, without an EventSource

  return {
    close() {
      if (closed) return
      closed = true
      dropStream()
      poller?.stop()
      clearTimeout(streamTimer)
      h.state('closed', false)
    },
  }
}
