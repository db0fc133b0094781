/**
 * The public shape of the Node client: `AndonClient`, its status and what its evaluations
 * return. `createClient` (client.ts) builds one; this file holds the contract and its docs.
 */
import type { Context, EvaluationResult, JsonValue, OpenFeatureFlagInfo } from '@andon/core'
import type { AndonSdkError } from './errors.js'

/**
 * - `initializing`: no data yet; evaluations serve the caller's defaults.
 * - `ready`: the data is current (a stream is open, or polling works, or `offline`).
 * - `stale`: serving the last known data (from before a disconnect, the cache or a bootstrap)
 *   while the server cannot be reached.
 * - `unauthorized`: the server refused the SDK key; the last known data keeps serving.
 * - `closed`: after `close()`; the last known data keeps serving.
 */
export type ClientStatus = 'initializing' | 'ready' | 'stale' | 'unauthorized' | 'closed'

/** What one evaluation served: the value, the index of its variation, and why. */
export type EvaluationDetail<T = JsonValue> = EvaluationResult<T>

export interface ReadyOptions {
  /** How long to wait for data at most. Default 5000 ms. */
  timeoutMs?: number
}

export interface AndonClient {
  /**
   * Resolves once the client has data to serve (`true`), or with `false` when `timeoutMs`
   * passed first or the server refused the key. Never rejects, never hangs.
   * @example
   * if (!(await client.ready({ timeoutMs: 2000 }))) console.warn('serving defaults for now')
   */
  ready(options?: ReadyOptions): Promise<boolean>
  /**
   * Whether the flag serves `true` to this context; `false` for anything else, errors included.
   * @example
   * if (client.isEnabled('new-checkout', { key: 'user-123', country: 'SE' })) showNewCheckout()
   */
  isEnabled(flagKey: string, context: Context): boolean
  /**
   * The value the flag serves to this context, or `defaultValue` when it cannot be evaluated
   * or serves a value of another type than a non-null default (a `null` default takes any).
   * @example
   * const color = client.variation('button-color', { key: 'user-123' }, 'blue')
   */
  variation<T extends JsonValue>(flagKey: string, context: Context, defaultValue: T): JsonValue
  /**
   * The value with its variation index and the reason it was served; typed as `variation`
   * is: a value of another type than a non-null default serves the default with reason
   * `ERROR` / `WRONG_TYPE` (the browser SDK's `variationDetail` does the same).
   * @example
   * const { value, reason } = client.variationDetail('button-color', { key: 'user-123' }, 'blue')
   */
  variationDetail<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
  ): EvaluationDetail
  /**
   * A boolean flag's value; `defaultValue` with reason `WRONG_TYPE` if the flag serves another type.
   * @example
   * const on = client.boolVariation('dark-mode', { key: 'user-123' }, false)
   */
  boolVariation(flagKey: string, context: Context, defaultValue: boolean): boolean
  /**
   * A string flag's value; `defaultValue` on a type mismatch.
   * @example
   * const color = client.stringVariation('button-color', { key: 'user-123' }, 'blue')
   */
  stringVariation(flagKey: string, context: Context, defaultValue: string): string
  /**
   * A number flag's value; `defaultValue` on a type mismatch.
   * @example
   * const limit = client.numberVariation('rate-limit', { key: 'org-1' }, 100)
   */
  numberVariation(flagKey: string, context: Context, defaultValue: number): number
  /**
   * A JSON object or array flag's value; `defaultValue` when the flag serves a scalar.
   * @example
   * const layout = client.jsonVariation('home-layout', { key: 'user-123' }, { columns: 2 })
   */
  jsonVariation<T extends JsonValue>(flagKey: string, context: Context, defaultValue: T): T
  /**
   * `boolVariation` with the variation index and reason (`ERROR`/`WRONG_TYPE` on a mismatch).
   * @example
   * client.boolVariationDetail('dark-mode', { key: 'user-123' }, false).reason.kind
   */
  boolVariationDetail(
    flagKey: string,
    context: Context,
    defaultValue: boolean,
  ): EvaluationDetail<boolean>
  /**
   * `stringVariation` with the variation index and reason.
   * @example
   * client.stringVariationDetail('button-color', { key: 'user-123' }, 'blue').variationIndex
   */
  stringVariationDetail(
    flagKey: string,
    context: Context,
    defaultValue: string,
  ): EvaluationDetail<string>
  /**
   * `numberVariation` with the variation index and reason.
   * @example
   * client.numberVariationDetail('rate-limit', { key: 'org-1' }, 100).reason
   */
  numberVariationDetail(
    flagKey: string,
    context: Context,
    defaultValue: number,
  ): EvaluationDetail<number>
  /**
   * `jsonVariation` with the variation index and reason.
   * @example
   * client.jsonVariationDetail('home-layout', { key: 'user-123' }, { columns: 2 }).value
   */
  jsonVariationDetail<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
  ): EvaluationDetail<T>
  /**
   * Records a metric event for the guard: a count without `value`, a measurement (such as a
   * latency) with a finite number. It is attributed, for every flag whose `metrics` list
   * `metricKey`, to the variation that flag serves this context, and sent with the next flush
   * as count, sum and sum of squares per (metric, flag, variation). Never throws; a value that
   * is not a finite number is ignored with an `invalid-event` error event.
   * @example
   * client.track('checkout-error', { key: 'user-123' }) // a count
   * client.track('checkout-latency-ms', { key: 'user-123' }, 182) // a measurement
   */
  track(metricKey: string, context: Context, value?: number): void
  /**
   * Posts the exposures and metric events aggregated so far (and any batch kept for a retry)
   * now, instead of at the next interval. Resolves when the post is done, or failed (the batch
   * is then kept for a retry); never rejects.
   * @example
   * await client.flush() // e.g. at the end of a serverless invocation
   */
  flush(): Promise<void>
  /**
   * Every flag's value for this context (`null` where a flag cannot be evaluated). Not
   * counted as exposures: it serves no decision of its own (think of a browser bootstrap).
   * @example
   * res.json({ flags: client.allFlags({ key: req.user.id }) })
   */
  allFlags(context: Context): Record<string, JsonValue>
  /**
   * Where the client stands; see `ClientStatus`.
   * @example
   * app.get('/healthz', (c) => c.json({ flags: client.status() }))
   */
  status(): ClientStatus
  /**
   * The environment version of the data held (0 when none).
   * @example
   * console.log(`flags at version ${client.version()}`)
   */
  version(): number
  /**
   * What the OpenFeature provider reports of a held flag: its version, its environment's key
   * and whether it is static (no targeting); undefined when the flag is not held.
   * @example
   * client.flagInfo('new-checkout') // { version: 7, environment: 'production', static: false }
   */
  flagInfo(flagKey: string): OpenFeatureFlagInfo | undefined
  /**
   * Listens to `change` (the keys of flags whose evaluation may have changed, dependents
   * included), `change:<flag key>`, `status` and `error` (never thrown, only emitted).
   * @example
   * client.on('change:new-checkout', () => console.log('new-checkout changed'))
   * client.on('error', (e) => log.warn(e.kind, e.message))
   */
  on(event: 'change', listener: (flagKeys: string[]) => void): this
  on(event: `change:${string}`, listener: (flagKey: string) => void): this
  on(event: 'status', listener: (status: ClientStatus) => void): this
  on(event: 'error', listener: (error: AndonSdkError) => void): this
  /**
   * Removes a listener added with `on`.
   * @example
   * client.off('change', onChange)
   */
  off(event: string, listener: (...args: never[]) => void): this
  /**
   * Like `on`, for the next event only.
   * @example
   * client.once('change', (keys) => console.log('first change', keys))
   */
  once(event: 'change', listener: (flagKeys: string[]) => void): this
  once(event: `change:${string}`, listener: (flagKey: string) => void): this
  once(event: 'status', listener: (status: ClientStatus) => void): this
  once(event: 'error', listener: (error: AndonSdkError) => void): this
  /**
   * Closes the stream and stops every timer; resolves once the cache file is written and the
   * last events are posted (`closeTimeoutMs` at most). Evaluations keep serving the last known
   * values; they are no longer counted.
   * @example
   * process.on('SIGTERM', () => void client.close())
   */
  close(): Promise<void>
}
