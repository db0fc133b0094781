/**
 * Polling of `GET /sdk/v1/flags`, for while the stream keeps failing (a proxy that buffers or
 * drops SSE, a network that cuts long requests): every `intervalMs` from `start()` until
 * `stop()`, with the ETag of the last answer as `If-None-Match`, so that an unchanged
 * environment costs a 304. It reports as the connection does: state `polling`, current when
 * the server answered, with the error when it could not be reached or answered nonsense.
 */
import { asPayload } from '@andon/core'
import type { ConnectionHandlers } from './connection.js'

export interface Poller {
  readonly active: boolean
  start(): void
  stop(): void
}

/**
 * @example
 * const poller = createPoller(sdkUrl(baseUrl, key, '/sdk/v1/flags'), fetch, 30_000, handlers)
 * poller.start()
 */
export function createPoller(
  url: string,
  fetch: typeof globalThis.fetch,
  intervalMs: number,
  h: Pick<ConnectionHandlers, 'put' | 'state'>,
): Poller {
  let etag: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Between start() and stop(); a poll answering after a stop is ignored. */
  let active = false

  async function poll() {
    let current = false
    let error: Error | undefined
    try {
      const response = await fetch(url, {
        headers: etag === null ? {} : { 'If-None-Match': etag },
        cache: 'no-store',
      })
      if (response.status !== 304) {
        if (!response.ok) throw new Error(`polling failed: HTTP ${response.status}`)
        const payload = asPayload(await response.json())
        if (!payload) throw new Error('malformed payload')
        if (!active) return
        etag = response.headers.get('ETag') ?? `"${payload.version}"`
        h.put(payload)
      }
      current = true
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e))
    }
    if (!active) return
    h.state('polling', current, error)
    timer = setTimeout(poll as () => void, intervalMs) // poll never rejects
  }

  return {
    get active() {
      return active
    },
    start() {
      if (active) return
      active = true
      h.state('polling', false)
      void poll()
    },
    stop() {
      active = false
      clearTimeout(timer)
    },
  }
}
