/**
 * The public shapes of the browser SDK: its options, its client, its status and events.
 * The React bindings and the OpenFeature provider depend on these types only, so their
 * bundles hold no copy of the client.
 */
import type { Context, EvaluationResult, JsonValue, Payload } from '@andon/core'
import type { ConnectionState } from './connection.js'
import type { KeyValueStorage } from './storage.js'

export type { ConnectionState } from './connection.js'
export type { KeyValueStorage } from './storage.js'

export interface BrowserClientOptions {
  /** Where the Andon server answers, e.g. `https://flags.example.com`. */
  baseUrl: string
  /** A client key (`cli_...`): it sees only `clientSide` flags, so it may sit in a page. */
  clientKey: string
  /** Who is looking. Without `key`, a random anonymous key kept in `localStorage` is used. */
  context?: Context
  /**
   * A payload rendered by the server (`GET /sdk/v1/flags` with this client key), served at
   * once. It wins over the copy in `localStorage`, so the page shows what the server rendered.
   */
  bootstrap?: Payload
  /** Whether to reach the server; by default only in a browser (not during server rendering). */
  connect?: boolean
  /** false: never stream, only poll (for networks that break Server-Sent Events). */
  streaming?: boolean
  /** How often to poll when the stream keeps failing. Default 30 s. */
  pollIntervalMs?: number
  /** Consecutive stream failures before polling takes over (the stream is retried). Default 3. */
  streamFailuresBeforePolling?: number
  /**
   * false: report nothing. By default the client posts exposures and tracked metrics to
   * `POST /sdk/v1/events` for the guard (only where it connects).
   */
  sendEvents?: boolean
  /** How often exposures and tracked metrics are posted. Default 5 s. */
  flushIntervalMs?: number
  /** Where the last payload and the anonymous key are kept; `null` keeps nothing. */
  storage?: KeyValueStorage | null
  /** For tests and other runtimes: the `EventSource` and `fetch` to use. */
  EventSource?: typeof EventSource
  fetch?: typeof fetch
  /** Random numbers in [0, 1) for backoff jitter. */
  random?: () => number
}

/** Where the values served come from. */
export type DataSource = 'none' | 'bootstrap' | 'cache' | 'server'

export interface ClientStatus {
  /** Whether data from the server arrived since the client was created. */
  readonly ready: boolean
  readonly source: DataSource
  readonly connection: ConnectionState
  /** Whether the last attempt to reach the server failed, so the values may be old. */
  readonly stale: boolean
  /** The environment version of the data held (0 when none). */
  readonly version: number
  /** What went wrong last, while `stale`. */
  readonly error?: string
}

export interface ClientEvents {
  /** The flags whose value for the current context changed. */
  change: (flagKeys: string[]) => void
  status: (status: ClientStatus) => void
  /** Network or data trouble; the client keeps serving the last values. */
  error: (error: Error) => void
}

/**
 * Widens a literal default (`'none'`, `true`) to its type (`string`, `boolean`); a `null`
 * default takes any JSON value.
 */
export type Widen<T> = [T] extends [null]
  ? JsonValue
  : T extends string
    ? string
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T

export interface BrowserClient {
  /**
   * Whether a boolean flag is on for the current context; false until known.
   * @example if (flags.isEnabled('new-checkout')) showNewCheckout()
   */
  isEnabled(flagKey: string): boolean
  /**
   * The flag's value for the current context, or `defaultValue` when the flag is unknown,
   * off without an off variation, broken, or of another type than the default.
   * @example const banner = flags.variation('banner', 'none')
   */
  variation<T extends JsonValue>(flagKey: string, defaultValue: T): Widen<T>
  /**
   * The value with its variation index and the reason it was served.
   * @example flags.variationDetail('banner', 'none').reason.kind // 'RULE_MATCH'
   */
  variationDetail<T extends JsonValue>(flagKey: string, defaultValue: T): EvaluationResult<Widen<T>>
  /**
   * The result held for the current context, as `variationDetail(flagKey, null)` gives it,
   * but not counted as an exposure: for reads that serve nothing, such as React's renders.
   * @example flags.peek('banner').variationIndex
   */
  peek(flagKey: string): EvaluationResult
  /**
   * Records a metric event for the guard: a count, or a measurement with `value` (such as a
   * latency in ms). Each flag whose `metrics` list `metricKey` gets it, attributed to the
   * variation that flag serves the current context. Not an exposure.
   * @example
   * flags.track('checkout-error')
   * flags.track('checkout-latency', 412)
   */
  track(metricKey: string, value?: number): void
  /**
   * Posts the exposures and metrics aggregated so far; resolves when the server has them or
   * the post failed (then they are retried later). Never rejects.
   * @example await flags.flush()
   */
  flush(): Promise<void>
  /**
   * Switches to another context and re-evaluates locally (no request); emits `change` for
   * the flags whose value changed.
   * @example await flags.identify({ key: 'user-2', plan: 'pro' })
   */
  identify(context: Context): Promise<void>
  /**
   * The context in use (read-only), with the anonymous key filled in.
   * @example flags.context().key
   */
  context(): Context
  /**
   * Listens to `change`, `status` or `error`; returns the function that stops listening.
   * @example const stop = flags.on('change', (keys) => console.log('changed', keys))
   */
  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): () => void
  /**
   * Calls `listener` whenever the value of one flag changes (what React's hooks use).
   * @example const stop = flags.subscribe('new-checkout', render)
   */
  subscribe(flagKey: string, listener: () => void): () => void
  /**
   * Where the client stands: ready, where its data comes from, the connection, staleness.
   * The same object until something changes.
   * @example flags.status().stale
   */
  status(): ClientStatus
  /**
   * Resolves true once data from the server arrived, false on timeout or `close()`.
   * @example if (!(await flags.waitForReady(2000))) console.warn('serving cached flags')
   */
  waitForReady(timeoutMs?: number): Promise<boolean>
  /**
   * The result that server rendering produced for this flag (from the bootstrap, or the
   * default): React reads it while hydrating so the first render matches the server's HTML.
   * @example flags.initialDetail('banner')
   */
  initialDetail(flagKey: string): EvaluationResult
  /**
   * The status that server rendering saw (no connection; the bootstrap or nothing), which
   * React reads while hydrating.
   * @example flags.initialStatus().source // 'bootstrap'
   */
  initialStatus(): ClientStatus
  /**
   * The data held, as a payload (empty before any): what the OpenFeature provider reads
   * flag versions and the environment from. Built on each call.
   * @example flags.payload().environment // 'production'
   */
  payload(): Payload
  /**
   * Stops the stream, polling and reporting, and posts what is left to report (resolved when
   * done; never rejects). The values held keep being served.
   * @example await flags.close()
   */
  close(): Promise<void>
}
