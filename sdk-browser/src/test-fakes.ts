/**
 * Fakes for the unit tests: an `EventSource` the test drives by hand, `localStorage` in a
 * map, and a `fetch` that answers from a queue. Not part of the package.
 */
import type { EventBatch, Payload } from '@andon/core'

export interface FakeSource {
  url: string
  readyState: number
  closed: boolean
  onopen: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  addEventListener(name: string, listener: (event: unknown) => void): void
  close(): void
  open(): void
  send(event: string, data: unknown, id?: number | string): void
  /** An error event; `permanent` leaves the source CLOSED as after an HTTP error. */
  fail(permanent?: boolean): void
}

export function fakeEventSources() {
  const sources: FakeSource[] = []
  class FakeEventSource implements FakeSource {
    readyState = 0
    closed = false
    onopen: ((event: unknown) => void) | null = null
    onerror: ((event: unknown) => void) | null = null
    private listeners = new Map<string, ((event: unknown) => void)[]>()
    constructor(readonly url: string) {
      sources.push(this)
    }
    addEventListener(name: string, listener: (event: unknown) => void) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
    }
    close() {
      this.readyState = 2
      this.closed = true
    }
    open() {
      this.readyState = 1
      this.onopen?.({})
    }
    send(event: string, data: unknown, id: number | string = '') {
      const text = typeof data === 'string' ? data : JSON.stringify(data)
      for (const l of this.listeners.get(event) ?? []) l({ data: text, lastEventId: String(id) })
    }
    fail(permanent = false) {
      this.readyState = permanent ? 2 : 0
      this.onerror?.({})
    }
  }
  return {
    EventSource: FakeEventSource as unknown as typeof EventSource,
    sources,
    last: () => sources[sources.length - 1]!,
  }
}

export function memoryStorage() {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, String(value)),
  }
}

export interface FetchCall {
  url: string
  headers: Record<string, string>
}

/** A fetch that answers each call with the next of `answers` (the last one repeats). */
export function fakeFetch(answers: (() => Response)[]) {
  const calls: FetchCall[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), headers: { ...(init?.headers as Record<string, string>) } })
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!
    return answer()
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

export function jsonResponse(payload: unknown, etag?: string): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (etag) headers.ETag = etag
  return new Response(JSON.stringify(payload), { status: 200, headers })
}

/** A payload with boolean flags: `on` ones serve true to everyone, the others are off. */
export function payloadOf(
  version: number,
  flags: Record<string, { on: boolean; version?: number; rules?: unknown[] }>,
  segments: Payload['segments'] = {},
): Payload {
  const out: Payload = { schemaVersion: 1, environment: 'test', version, flags: {}, segments }
  for (const [key, f] of Object.entries(flags)) {
    out.flags[key] = booleanFlag(key, f.on, f.version ?? 1, f.rules)
  }
  return out
}

export function booleanFlag(key: string, on: boolean, version = 1, rules: unknown[] = []) {
  return {
    key,
    version,
    enabled: on,
    variations: [false, true],
    offVariation: 0,
    rules: rules as never,
    fallthrough: { variation: 1 },
  }
}

export interface PostedBatch {
  url: string
  init: RequestInit
  batch: EventBatch
  /** What the sink answered. */
  answer: number | 'offline'
}

/**
 * A fetch for `POST /sdk/v1/events` that records each batch and answers with the status the
 * test sets (`status`, or `'offline'` to reject as a network failure does).
 */
export function eventSink() {
  const posts: PostedBatch[] = []
  const sink = {
    posts,
    status: 202 as number | 'offline',
    fetch: (async (url: string | URL | Request, init?: RequestInit) => {
      const answer = sink.status
      const batch = JSON.parse(String(init?.body)) as EventBatch
      posts.push({ url: String(url), init: init ?? {}, batch, answer })
      if (answer === 'offline') throw new TypeError('Failed to fetch')
      return new Response(null, { status: answer })
    }) as typeof globalThis.fetch,
    /** The batches accepted, each id once, as the server counts them. */
    accepted(): EventBatch[] {
      const byId = new Map<string, EventBatch>()
      for (const p of posts) {
        if (p.answer !== 'offline' && p.answer < 300) byId.set(p.batch.id, p.batch)
      }
      return [...byId.values()]
    },
  }
  return sink
}
