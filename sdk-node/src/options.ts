/**
 * The options of `createClient` and their defaults. Everything time-related (clock, timers,
 * random source, delays) can be handed in, so tests run the reconnection logic in
 * milliseconds instead of waiting for the real 30 s backoff.
 */
import type { Payload } from '@andon/core'

/** Reconnection delays of the stream (core's backoff: exponential, with jitter and a cap). */
export interface BackoffOptions {
  /** The first delay. Default 1000 ms. */
  initialMs?: number
  /** The longest delay. Default 30000 ms. */
  maxMs?: number
  /** How long a stream must stay healthy before the delays start over. Default 60000 ms. */
  resetAfterMs?: number
  /** The largest share (0 to 1) taken off each delay at random. Default 0.5. */
  jitter?: number
}

/** The timer functions the client uses; `globalThis`' by default. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface ClientOptions {
  /** The Andon server, e.g. `http://localhost:4242`. Required unless `offline`. */
  baseUrl?: string
  /** A server key (`srv_...`), sent as `Authorization: Bearer`. Required unless `offline`. */
  sdkKey?: string
  /** Never touch the network: serve `bootstrap` and `cacheFile` only. */
  offline?: boolean
  /** A payload to serve from the start, before (or instead of) the server's. */
  bootstrap?: Payload
  /**
   * A file that keeps the last payload from the server: written atomically after every
   * change and read at start, so that a start while the server is down serves it at once.
   */
  cacheFile?: string
  /** Reconnection delays of the stream. */
  backoff?: BackoffOptions
  /** A stream that delivers no byte for this long is dead and replaced. Default 60000 ms. */
  deadStreamMs?: number
  /** Stream failures in a row after which the client also polls. Default 3. */
  pollAfterFailures?: number
  /** How often it polls while the stream fails. Default 30000 ms. */
  pollIntervalMs?: number
  /** The delay before trying again after a 401 or 403. Default 300000 ms. */
  unauthorizedRetryMs?: number
  /** The longest a poll request (or a post of events) may take. Default 10000 ms. */
  requestTimeoutMs?: number
  /**
   * Report exposures and tracked metrics to the server (`POST /sdk/v1/events`) for the
   * guard. Default `true`; nothing is sent when `false` or `offline`.
   */
  sendEvents?: boolean
  /** How often the aggregated events are posted. Default 5000 ms. */
  flushIntervalMs?: number
  /** The longest `close()` waits for its last post of events. Default 2000 ms. */
  closeTimeoutMs?: number
  /** The `fetch` to use; `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch
  /** The clock, in milliseconds. `Date.now` by default. */
  now?: () => number
  /** A random source in [0, 1) for the jitter. `Math.random` by default. */
  random?: () => number
  timers?: Timers
}

export interface ResolvedOptions {
  baseUrl: string
  sdkKey: string
  offline: boolean
  cacheFile: string | undefined
  backoff: Required<BackoffOptions>
  deadStreamMs: number
  pollAfterFailures: number
  pollIntervalMs: number
  unauthorizedRetryMs: number
  requestTimeoutMs: number
  sendEvents: boolean
  flushIntervalMs: number
  closeTimeoutMs: number
  fetch: typeof globalThis.fetch
  now: () => number
  random: () => number
  timers: Timers
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * Fills in the defaults.
 * @example
 * resolveOptions({ baseUrl: 'http://localhost:4242/', sdkKey: 'srv_...' }).backoff.maxMs // 30000
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  return {
    baseUrl: (options.baseUrl ?? '').replace(/\/+$/, ''),
    sdkKey: options.sdkKey ?? '',
    offline: options.offline === true,
    cacheFile: options.cacheFile,
    backoff: {
      initialMs: options.backoff?.initialMs ?? 1000,
      maxMs: options.backoff?.maxMs ?? 30_000,
      resetAfterMs: options.backoff?.resetAfterMs ?? 60_000,
      jitter: options.backoff?.jitter ?? 0.5,
    },
    deadStreamMs: options.deadStreamMs ?? 60_000,
    pollAfterFailures: options.pollAfterFailures ?? 3,
    pollIntervalMs: options.pollIntervalMs ?? 30_000,
    unauthorizedRetryMs: options.unauthorizedRetryMs ?? 300_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    sendEvents: options.sendEvents !== false && options.offline !== true,
    flushIntervalMs: options.flushIntervalMs ?? 5000,
    closeTimeoutMs: options.closeTimeoutMs ?? 2000,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    timers: options.timers ?? defaultTimers,
  }
}
