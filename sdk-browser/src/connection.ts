/**
 * The link to the server: the stream (`GET /sdk/v1/stream`) through the native `EventSource`,
 * and polling of `GET /sdk/v1/flags` when the stream keeps failing (a proxy that buffers or
 * drops SSE, a network that cuts long requests). While the stream is merely interrupted the
 * browser reconnects by itself and sends `Last-Event-ID`, so the server replays only what
 * was missed; a new connection passes the version held as `?lastEventId=` to the same end. Network trouble is reported as state, never thrown.
 */
import type { ItemDelete, ItemPatch, Payload } from '@andon/core'
import { asDelete, asPatch, asPayload, parseJson } from './wire.js'

export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'polling' | 'closed'

export interface ConnectionOptions {
  /** The address of an endpoint, by path, with the client key (see `sdkUrl`). */
  url: (path: string) => string
  EventSource: typeof EventSource | undefined
  fetch: typeof fetch | undefined
  pollIntervalMs: number
  streamFailuresBeforePolling: number
  random: () => number
  now: () => number
  /** The environment version of the data held, if it came from the server: resume after it. */
  resumeFrom: () => number | undefined
}

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

/** Backoff of stream reconnects: 1 s doubling to 30 s, up to half of it off as jitter. */
const BACKOFF_INITIAL_MS = 1000
const BACKOFF_MAX_MS = 30_000
/** A stream open this long counts as healthy: the next failure starts the backoff over. */
const HEALTHY_MS = 60_000
const CLOSED = 2 // EventSource.CLOSED, without touching a global at import time

/**
 * Connects to the server and keeps connected until `close()`.
 * @example
 * const connection = connect(options, { put, patch, remove, state })
 * connection.close()
 */
export function connect(o: ConnectionOptions, h: ConnectionHandlers): Connection {
  const { url } = o
  let source: EventSource | null = null
  let failures = 0
  let attempt = 0
  let openedAt = -1
  let polling = false
  let etag: string | null = null
  let streamTimer: ReturnType<typeof setTimeout> | undefined
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function backoff(): number {
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** attempt)
    attempt = Math.min(attempt + 1, 16)
    return delay - delay * 0.5 * o.random()
  }

  function dropStream() {
    source?.close()
    source = null
  }

  function openStream() {
    if (closed) return
    if (o.EventSource === undefined) return startPolling()
    if (!polling) h.state('connecting', false)
    // A new source cannot send the Last-Event-ID header, so the version held (kept from the
    // last visit, or from before a reconnect of our own) goes in the query for the server
    // to replay only what changed since.
    const after = o.resumeFrom()
    const resume = after! > 0 ? `&lastEventId=${after}` : ''
    const es = new o.EventSource(url('/sdk/v1/stream') + resume)
    source = es
    es.onopen = () => {
      if (source !== es) return
      failures = 0
      openedAt = o.now()
      stopPolling()
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
    if (openedAt >= 0 && o.now() - openedAt >= HEALTHY_MS) attempt = 0
    openedAt = -1
    // While polling serves, a failed attempt to get the stream back is no news.
    if (!polling) h.state('connecting', false, error)
    if (failures >= o.streamFailuresBeforePolling) {
      dropStream()
      startPolling()
      streamTimer = setTimeout(openStream, backoff())
    } else if (reconnect) {
      dropStream()
      streamTimer = setTimeout(openStream, backoff())
    }
    // Otherwise the browser retries on its own and resumes with Last-Event-ID.
  }

  function startPolling() {
    if (polling || closed || o.fetch === undefined) return
    polling = true
    h.state('polling', false)
    void poll()
  }

  function stopPolling() {
    polling = false
    clearTimeout(pollTimer)
  }

  async function poll() {
    let current = false
    let error: Error | undefined
    try {
      const response = await o.fetch!(url('/sdk/v1/flags'), {
        headers: etag === null ? {} : { 'If-None-Match': etag },
        cache: 'no-store',
      })
      if (response.status !== 304) {
        if (!response.ok) throw new Error(`polling failed: HTTP ${response.status}`)
        const payload = asPayload(await response.json())
        if (!payload) throw new Error('malformed payload')
        if (!polling || closed) return
        etag = response.headers.get('ETag') ?? `"${payload.version}"`
        h.put(payload)
      }
      current = true
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e))
    }
    if (!polling || closed) return
    h.state('polling', current, error)
    pollTimer = setTimeout(poll, o.pollIntervalMs)
  }

  openStream() // or polling, without an EventSource

  return {
    close() {
      if (closed) return
      closed = true
      dropStream()
      stopPolling()
      clearTimeout(streamTimer)
      h.state('closed', false)
    },
  }
}
