/**
 * One connection to `GET /sdk/v1/stream`. The `eventsource` package parses the wire format;
 * everything else is ours: the Authorization and Last-Event-ID headers (through its custom
 * `fetch`), the watch for a stream that stopped sending bytes, and reconnection, which the
 * caller does with its own backoff. Each connection ends once, in `onFailure`, or in `close()`.
 */
import { EventSource, type FetchLike, type FetchLikeResponse } from 'eventsource'
import type { Timers } from './options.js'

export type StreamEventName = 'put' | 'patch' | 'delete'

/** Why a connection ended. */
export type StreamFailure =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'network'; message: string; cause?: unknown }
  | { kind: 'ended' }
  | { kind: 'dead' }

export interface StreamHandlers {
  /** The server answered 200 with an event stream. */
  onOpen(): void
  /** A `put`, `patch` or `delete` event; other event names never get here. */
  onEvent(name: StreamEventName, data: string, id: string): void
  /** The connection ended on its own; not called after `close()`. */
  onFailure(failure: StreamFailure): void
}

export interface StreamSettings {
  url: string
  sdkKey: string
  lastEventId: string | undefined
  fetch: typeof globalThis.fetch
  deadStreamMs: number
  now: () => number
  timers: Timers
}

export interface StreamConnection {
  close(): void
}

const EVENT_NAMES: readonly StreamEventName[] = ['put', 'patch', 'delete']

/** The error EventSource ignores: it must not reconnect by itself, we do. */
function abortError(): Error {
  const error = new Error('connection ended')
  error.name = 'AbortError'
  return error
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const base = error instanceof Error ? error.message : String(error)
  return cause?.code ? `${base} (${cause.code})` : base
}

/**
 * Opens one stream connection; it never reconnects by itself.
 * @example
 * const connection = openStream(settings, { onOpen, onEvent, onFailure: (f) => retryLater(f) })
 * connection.close()
 */
export function openStream(settings: StreamSettings, handlers: StreamHandlers): StreamConnection {
  const { timers, now } = settings
  let ended = false
  let lastByteAt = now()
  let watchdog: unknown
  // Declared before end() and assigned below: a fetch that throws at once calls end() first.
  let source: EventSource | undefined

  function end(failure: StreamFailure | null) {
    if (ended) return
    ended = true
    timers.clearTimeout(watchdog)
    source?.close()
    if (failure) handlers.onFailure(failure)
  }

  // One timer per connection, re-armed for the time left, instead of one per chunk.
  function watch() {
    const idle = now() - lastByteAt
    if (idle >= settings.deadStreamMs) end({ kind: 'dead' })
    else watchdog = timers.setTimeout(watch, settings.deadStreamMs - idle)
  }

  const streamFetch: FetchLike = async (input, init) => {
    let response: Response
    try {
      response = await settings.fetch(input, {
        ...init,
        headers: {
          ...init.headers,
          Authorization: `Bearer ${settings.sdkKey}`,
          ...(settings.lastEventId ? { 'Last-Event-ID': settings.lastEventId } : {}),
        },
      } as RequestInit)
    } catch (cause) {
      end({ kind: 'network', message: messageOf(cause), cause })
      throw abortError()
    }
    lastByteAt = now()
    const type = response.headers.get('content-type') ?? ''
    if (response.status !== 200 || !type.startsWith('text/event-stream') || !response.body) {
      response.body?.cancel().catch(() => {})
      end({
        kind: 'http',
        status: response.status,
        message: `stream answered ${response.status} ${type}`.trim(),
      })
      throw abortError()
    }
    const reader = response.body.getReader()
    const wrapped: FetchLikeResponse = {
      status: response.status,
      url: response.url,
      redirected: response.redirected,
      headers: response.headers,
      body: {
        getReader: () => ({
          async read() {
            try {
              const chunk = await reader.read()
              lastByteAt = now()
              if (chunk.done) end({ kind: 'ended' })
              return chunk
            } catch (cause) {
              end({ kind: 'network', message: messageOf(cause), cause })
              throw abortError()
            }
          },
          cancel: () => reader.cancel(),
        }),
      },
    }
    handlers.onOpen()
    return wrapped
  }

  try {
    source = new EventSource(settings.url, { fetch: streamFetch })
  } catch (cause) {
    // An invalid URL: fail on the next tick, as every other failure does.
    queueMicrotask(() => end({ kind: 'network', message: messageOf(cause), cause }))
    return { close: () => end(null) }
  }
  if (ended) source.close() // a fetch that threw at once ended the connection already
  source.addEventListener('error', (event) => {
    end({ kind: 'network', message: event.message ?? 'stream error' })
  })
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (event: MessageEvent) => {
      if (!ended) handlers.onEvent(name, String(event.data), event.lastEventId)
    })
  }
  watchdog = timers.setTimeout(watch, settings.deadStreamMs)

  return { close: () => end(null) }
}
