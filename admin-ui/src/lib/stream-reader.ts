/**
 * Follows an admin SSE endpoint with the session cookie: fetch (which, unlike EventSource,
 * tells a 401 from a network failure) with a streaming body read by eventsource-parser, and
 * reconnection with core's
 * backoff (the SDKs' too: 1 s up to 30 s with jitter, reset after a healthy minute),
 * resuming with Last-Event-ID.
 */
import { createBackoff } from '@andon/core'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import type { EventSourceMessage } from 'eventsource-parser'
import type { FetchLike } from './api-client.js'

export type { EventSourceMessage } from 'eventsource-parser'

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unauthorized'

export interface StreamOptions {
  url: string
  onEvent(event: EventSourceMessage): void
  onStatus?(status: StreamStatus, detail?: string): void
  fetch?: FetchLike
  random?: () => number
  now?: () => number
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })

/** Starts following the stream; the returned function stops it. */
export function followStream(options: StreamOptions): () => void {
  const controller = new AbortController()
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  let lastEventId: string | undefined

  const backoff = createBackoff(random, now)

  async function once(): Promise<'unauthorized' | 'ended'> {
    options.onStatus?.('connecting')
    const headers: Record<string, string> = { Accept: 'text/event-stream' }
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId
    const response = await doFetch(options.url, {
      headers,
      credentials: 'same-origin',
      signal: controller.signal,
    })
    if (response.status === 401 || response.status === 403) return 'unauthorized'
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`)
    options.onStatus?.('open')
    backoff.opened()
    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader()
    while (true) {
      const { value, done } = await reader.read()
      if (done) return 'ended'
      if (value.id !== undefined) lastEventId = value.id
      options.onEvent(value)
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      let detail: string | undefined
      try {
        if ((await once()) === 'unauthorized') {
          options.onStatus?.('unauthorized')
          return
        }
      } catch (e) {
        detail = (e as Error).message
      }
      if (controller.signal.aborted) return
      backoff.failed()
      options.onStatus?.('retrying', detail)
      await sleep(backoff.delay(), controller.signal)
    }
  })()

  return () => controller.abort()
}
