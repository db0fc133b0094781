/**
 * Keeps the client connected: one stream at a time, reconnected with backoff after any
 * failure (the delays start over after a stream that stayed up for `resetAfterMs`), polling
 * `GET /sdk/v1/flags` alongside after `pollAfterFailures` failures in a row until a stream
 * opens again, and a long pause after a 401 or 403. Events are checked against core's
 * lenient schemas here; one that does not parse ends the connection (the data held stays).
 */
import {
  payloadSchema,
  streamDeleteSchema,
  streamPatchSchema,
  type Payload,
  type StreamDelete,
  type StreamPatch,
} from '@andon/core'
import { createBackoff } from './backoff.js'
import { AndonSdkError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { pollOnce } from './poll.js'
import {
  openStream,
  type StreamConnection,
  type StreamEventName,
  type StreamFailure,
} from './sse-stream.js'

export interface ConnectionHandlers {
  put(payload: Payload): void
  patch(patch: StreamPatch, environmentVersion: number | undefined): void
  remove(event: StreamDelete, environmentVersion: number | undefined): void
  /** The data held is current: a stream is open, or the last poll succeeded. */
  live(): void
  /** Something failed; `stillLive` when a working poll keeps the data current anyway. */
  trouble(error: AndonSdkError, stillLive: boolean): void
  unauthorized(error: AndonSdkError): void
}

export interface Connection {
  close(): void
}

function parseEvent(name: StreamEventName, data: string) {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return undefined
  }
  const schema =
    name === 'put' ? payloadSchema : name === 'patch' ? streamPatchSchema : streamDeleteSchema
  // The original object, not zod's copy: a 10,000-flag put would otherwise be held twice.
  return schema.safeParse(json).success ? json : undefined
}

function failureError(failure: StreamFailure): AndonSdkError {
  switch (failure.kind) {
    case 'http':
      return new AndonSdkError('http', failure.message, failure.status)
    case 'network':
      return new AndonSdkError('network', `stream failed: ${failure.message}`, undefined, {
        cause: failure.cause,
      })
    case 'ended':
      return new AndonSdkError('network', 'the server ended the stream')
    case 'dead':
      return new AndonSdkError('dead-stream', 'the stream sent nothing for too long')
  }
}

/**
 * Connects at once and keeps connecting until `close()`.
 * @example
 * const connection = startConnection(resolveOptions(options), handlers)
 * connection.close()
 */
export function startConnection(
  options: ResolvedOptions,
  handlers: ConnectionHandlers,
): Connection {
  const { timers, now } = options
  const backoff = createBackoff(options.backoff, options.random)
  const streamUrl = `${options.baseUrl}/sdk/v1/stream`
  const pollUrl = `${options.baseUrl}/sdk/v1/flags`
  const pollAbort = new AbortController()

  let closed = false
  let stream: StreamConnection | undefined
  let openedAt: number | undefined
  let reconnectTimer: unknown
  let failuresInARow = 0
  let lastEventId: string | undefined
  let etag: string | undefined
  let polling = false
  let pollTimer: unknown
  let lastPollOk = false
  /** Bumped on every start and stop, so that a poll answering late cannot start a second loop. */
  let pollGeneration = 0

  function connect() {
    reconnectTimer = undefined
    if (closed) return
    openedAt = undefined
    // A resumed stream sends nothing when nothing changed: its opening means the data is
    // current. A fresh one is current with its put.
    const resuming = lastEventId !== undefined
    stream = openStream(
      {
        url: streamUrl,
        sdkKey: options.sdkKey,
        lastEventId,
        fetch: options.fetch,
        deadStreamMs: options.deadStreamMs,
        now,
        timers,
      },
      {
        onOpen() {
          openedAt = now()
          failuresInARow = 0
          stopPolling()
          if (resuming) handlers.live()
        },
        onEvent: handleEvent,
        onFailure: (failure) => {
          stream = undefined
          if (failure.kind === 'http' && (failure.status === 401 || failure.status === 403)) {
            unauthorized(failure.status)
          } else {
            retry(failureError(failure))
          }
        },
      },
    )
  }

  function handleEvent(name: StreamEventName, data: string, id: string) {
    const event = parseEvent(name, data)
    if (event === undefined) {
      stream?.close()
      stream = undefined
      retry(new AndonSdkError('malformed-event', `a ${name} event did not parse; reconnecting`))
      return
    }
    const environmentVersion = id !== '' && Number.isFinite(Number(id)) ? Number(id) : undefined
    if (name === 'put') handlers.put(event as Payload)
    else if (name === 'patch') handlers.patch(event as StreamPatch, environmentVersion)
    else handlers.remove(event as StreamDelete, environmentVersion)
    if (id !== '') lastEventId = id
  }

  function retry(error: AndonSdkError) {
    if (closed) return
    if (openedAt !== undefined && now() - openedAt >= options.backoff.resetAfterMs) backoff.reset()
    openedAt = undefined
    failuresInARow++
    if (failuresInARow >= options.pollAfterFailures && !polling) startPolling()
    handlers.trouble(error, polling && lastPollOk)
    schedule(backoff.next())
  }

  function unauthorized(status: number) {
    stopPolling()
    handlers.unauthorized(
      new AndonSdkError('unauthorized', `the server refused the SDK key (${status})`, status),
    )
    const delay = options.unauthorizedRetryMs
    schedule(Math.round(delay - delay * options.backoff.jitter * options.random()))
  }

  function schedule(delay: number) {
    if (closed) return
    timers.clearTimeout(reconnectTimer)
    reconnectTimer = timers.setTimeout(connect, delay)
  }

  function startPolling() {
    polling = true
    lastPollOk = false
    void poll(++pollGeneration)
  }

  function stopPolling() {
    polling = false
    pollGeneration++
    timers.clearTimeout(pollTimer)
    pollTimer = undefined
  }

  async function poll(generation: number) {
    pollTimer = undefined
    const outcome = await pollOnce({
      url: pollUrl,
      sdkKey: options.sdkKey,
      etag,
      fetch: options.fetch,
      timeoutMs: options.requestTimeoutMs,
      signal: pollAbort.signal,
    })
    if (closed || generation !== pollGeneration) return
    if (outcome.kind === 'unauthorized') {
      // The stream will hear the same; its retry waits the long delay.
      stopPolling()
      stream?.close()
      stream = undefined
      unauthorized(outcome.status)
      return
    }
    lastPollOk = outcome.kind !== 'error'
    if (outcome.kind === 'payload') {
      etag = outcome.etag
      lastEventId = String(outcome.payload.version)
      handlers.put(outcome.payload)
    }
    if (outcome.kind === 'error') {
      handlers.trouble(new AndonSdkError('http', outcome.message, outcome.status), false)
    } else {
      handlers.live()
    }
    pollTimer = timers.setTimeout(() => void poll(generation), options.pollIntervalMs)
  }

  connect()

  return {
    close() {
      closed = true
      timers.clearTimeout(reconnectTimer)
      stopPolling()
      pollAbort.abort()
      stream?.close()
      stream = undefined
    },
  }
}
