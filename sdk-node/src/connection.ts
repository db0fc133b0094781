/**
 * Keeps the client connected: one stream at a time, reconnected with backoff after any
 * failure (the delays start over after a stream that stayed up for `resetAfterMs`), polling
 * `GET /sdk/v1/flags` alongside after `pollAfterFailures` failures in a row until a stream
 * opens again, and a long pause after a 401 or 403. Events are checked by core's wire
 * checks here; one that does not parse ends the connection (the data held stays).
 */
import {
  createBackoff,
  parseStreamEvent,
  type ItemDelete,
  type ItemPatch,
  type Payload,
} from '@andon/core'
import { AndonSdkError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import type { PollOutcome } from './poll.js'
import { createPoller } from './poller.js'
import {
  openStream,
  type StreamConnection,
  type StreamEventName,
  type StreamFailure,
} from './sse-stream.js'

export interface ConnectionHandlers {
  put(payload: Payload): void
  patch(patch: ItemPatch, environmentVersion: number | undefined): void
  remove(event: ItemDelete, environmentVersion: number | undefined): void
  /** The data held is current: a stream is open, or the last poll succeeded. */
  live(): void
  /** Something failed; `stillLive` when a working poll keeps the data current anyway. */
  trouble(error: AndonSdkError, stillLive: boolean): void
  unauthorized(error: AndonSdkError): void
}

export interface Connection {
  close(): void
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
  const { initialMs, maxMs, jitter, resetAfterMs } = options.backoff
  const backoff = createBackoff(options.random, now, initialMs, maxMs, jitter, resetAfterMs)
  const streamUrl = `${options.baseUrl}/sdk/v1/stream`
  const pollAbort = new AbortController()
  const poller = createPoller(
    {
      url: `${options.baseUrl}/sdk/v1/flags`,
      sdkKey: options.sdkKey,
      fetch: options.fetch,
      timeoutMs: options.requestTimeoutMs,
      signal: pollAbort.signal,
      intervalMs: options.pollIntervalMs,
      timers,
    },
    (outcome) => onPoll(outcome),
  )

  let closed = false
  let stream: StreamConnection | undefined
  let reconnectTimer: unknown
  let failuresInARow = 0
  let lastEventId: string | undefined
  let lastPollOk = false

  function connect() {
    reconnectTimer = undefined
    if (closed) return
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
          backoff.opened()
          failuresInARow = 0
          poller.stop()
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
    const event = parseStreamEvent(name, data)
    if (event === undefined) {
      stream?.close()
      stream = undefined
      retry(new AndonSdkError('malformed-event', `a ${name} event did not parse; reconnecting`))
      return
    }
    const environmentVersion = id !== '' && Number.isFinite(Number(id)) ? Number(id) : undefined
    if (name === 'put') handlers.put(event as Payload)
    else if (name === 'patch') handlers.patch(event as ItemPatch, environmentVersion)
    else handlers.remove(event as ItemDelete, environmentVersion)
    if (id !== '') lastEventId = id
  }

  function retry(error: AndonSdkError) {
    if (closed) return
    backoff.failed()
    failuresInARow++
    if (failuresInARow >= options.pollAfterFailures && !poller.active) {
      lastPollOk = false
      poller.start()
    }
    handlers.trouble(error, poller.active && lastPollOk)
    schedule(backoff.delay())
  }

  function unauthorized(status: number) {
    poller.stop()
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

  function onPoll(outcome: PollOutcome) {
    if (closed) return
    if (outcome.kind === 'unauthorized') {
      // The stream will hear the same; its retry waits the long delay.
      poller.stop()
      stream?.close()
      stream = undefined
      unauthorized(outcome.status)
      return
    }
    lastPollOk = outcome.kind !== 'error'
    if (outcome.kind === 'payload') {
      lastEventId = String(outcome.payload.version)
      handlers.put(outcome.payload)
    }
    if (outcome.kind === 'error') {
      handlers.trouble(new AndonSdkError('http', outcome.message, outcome.status), false)
    } else {
      handlers.live()
    }
  }

  connect()

  return {
    close() {
      closed = true
      timers.clearTimeout(reconnectTimer)
      poller.stop()
      pollAbort.abort()
      stream?.close()
      stream = undefined
    },
  }
}
