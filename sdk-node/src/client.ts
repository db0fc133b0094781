/**
 * `createClient`: the Node SDK. It holds one environment's flags in core's flag store and
 * evaluates locally, so `isEnabled` costs a hash and no network; a stream (or, while the
 * stream fails, polling) keeps the store current, and the last known values keep serving
 * through any outage. Every evaluation ends in `expose` below, which counts the exposure (the
 * variation served) for the guard: a map lookup and an increment. `track` attributes a
 * metric event to the variation each watching flag serves; `events.ts` posts them.
 */
import {
  COMPACT_HOLDING,
  createFlagStore,
  type Context,
  type EvaluationResult,
  type JsonValue,
  type Payload,
  type Reason,
} from '@andon/core'
import { createCacheWriter, readCacheFile, type CacheWriter } from './cache-file.js'
import { startConnection, type Connection } from './connection.js'
import { Emitter } from './emitter.js'
import { AndonSdkError } from './errors.js'
import { startEvents, type Events } from './events.js'
import { resolveOptions, type ClientOptions } from './options.js'

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
   * The value the flag serves to this context, or `defaultValue` when it cannot be evaluated.
   * @example
   * const color = client.variation('button-color', { key: 'user-123' }, 'blue')
   */
  variation<T extends JsonValue>(flagKey: string, context: Context, defaultValue: T): JsonValue
  /**
   * The value with its variation index and the reason it was served.
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

const WRONG_TYPE: Reason = Object.freeze({ kind: 'ERROR', errorKind: 'WRONG_TYPE' })

/** Flags compiled per turn of the event loop after a put: about 1 to 4 ms of work. */
const COMPACT_STEP = 2000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The payload's envelope, without visiting its flags (core's payloadSchema visits each). */
function isPayloadEnvelope(value: unknown): value is Payload {
  return (
    isRecord(value) &&
    value.schemaVersion === 1 &&
    typeof value.environment === 'string' &&
    Number.isInteger(value.version) &&
    (value.version as number) >= 0 &&
    isRecord(value.flags) &&
    isRecord(value.segments)
  )
}

function isJsonStructure(value: unknown): boolean {
  return typeof value === 'object' && value !== null
}

/**
 * Creates a client and starts connecting; evaluate at once (defaults until data arrives) or
 * after `await client.ready()`. Never throws: bad options surface as `error` events.
 * @example
 * import { createClient } from '@andon/sdk-node'
 * const flags = createClient({ baseUrl: 'http://localhost:4242', sdkKey: process.env.ANDON_SDK_KEY })
 * await flags.ready({ timeoutMs: 2000 })
 * flags.isEnabled('new-checkout', { key: 'user-123', country: 'SE' })
 */
export function createClient(clientOptions: ClientOptions): AndonClient {
  const options = resolveOptions(clientOptions ?? {})
  const { timers } = options
  // Flags share their equal parts: thousands of flags in a few megabytes of heap.
  const store = createFlagStore(undefined, { holding: COMPACT_HOLDING })
  const emitter = new Emitter((event, error) => {
    if (event !== 'error') {
      emitError(
        new AndonSdkError('listener', `a ${event} listener threw`, undefined, { cause: error }),
      )
    }
  })
  let status: ClientStatus = 'initializing'
  let connection: Connection | undefined
  let cacheWriter: CacheWriter | undefined
  /** The environment version the cache file holds (-1: unknown), so unchanged data is not rewritten. */
  let cachedVersion = -1
  const waiters = new Set<() => void>()
  /** Errors found before the caller could add listeners are emitted on the next tick. */
  const earlyErrors: AndonSdkError[] = []
  let started = false
  /** Reporting for the guard; undefined when not sending, and once closed. */
  let events: Events | undefined
  /** An invalid tracked value is reported once, not on every call. */
  let warnedInvalidValue = false

  function emitError(error: AndonSdkError) {
    if (!started) earlyErrors.push(error)
    else emitter.emit('error', error)
  }

  function setStatus(next: ClientStatus) {
    if (status === next || status === 'closed') return
    status = next
    emitter.emit('status', next)
    if (next !== 'initializing' && next !== 'stale') wakeWaiters()
  }

  function wakeWaiters() {
    for (const wake of [...waiters]) wake()
  }

  function changed(keys: string[]) {
    if (keys.length === 0) return
    emitter.emit('change', keys)
    for (const key of keys) emitter.emit(`change:${key}`, key)
  }

  // A put is ready at once, its flags compiled on first use; the rest are compiled right
  // after, a step per turn of the event loop, so that the payload as parsed can be let go.
  let compacting = false
  function compactSoon() {
    if (compacting) return
    compacting = true
    // Not unref'd: an unref'd immediate waits for the next other event before it runs. The
    // steps end within milliseconds, so they never hold a process that is done for long.
    const step = () => {
      if (store.compact(COMPACT_STEP) > 0) setImmediate(step)
      else compacting = false
    }
    setImmediate(step)
  }

  /** Applies server data; the first data is no change, later ones report what they changed. */
  function apply(update: () => string[]) {
    const hadData = store.initialized
    const keys = update()
    compactSoon()
    setStatus('ready') // data from the server is current, whatever the status was
    if (!hadData) wakeWaiters()
    if (cacheWriter && (keys.length > 0 || store.version !== cachedVersion)) {
      cachedVersion = store.version
      cacheWriter.write(() => store.toPayload())
    }
    if (hadData) changed(keys)
  }

  /** Start-up data: the bootstrap and the cache file, the newer of the two. */
  function load(payload: Payload) {
    if (!store.initialized || payload.version > store.version) {
      store.put(payload)
      compactSoon()
    }
  }

  const bootstrap = clientOptions?.bootstrap
  if (bootstrap !== undefined) {
    // The application's own data, checked only as an envelope so that a large bootstrap is
    // ready in milliseconds; the evaluator copes with any flag inside (MALFORMED_FLAG).
    if (isPayloadEnvelope(bootstrap)) load(bootstrap)
    else emitError(new AndonSdkError('invalid-payload', 'the bootstrap is not a payload; ignored'))
  }
  if (options.cacheFile !== undefined) {
    const read = readCacheFile(options.cacheFile)
    if (read.kind === 'payload') {
      load(read.payload)
      cachedVersion = read.payload.version
    } else if (read.kind === 'error') emitError(new AndonSdkError('cache', read.message))
  }

  if (options.offline) {
    status = 'ready'
  } else if (!URL.canParse(options.baseUrl) || !options.sdkKey) {
    status = 'unauthorized'
    emitError(
      new AndonSdkError(
        'unauthorized',
        'a valid baseUrl and an sdkKey are required unless offline',
      ),
    )
  } else {
    if (store.initialized) status = 'stale'
    if (options.cacheFile !== undefined) {
      cacheWriter = createCacheWriter(options.cacheFile, (cause) =>
        emitter.emit(
          'error',
          new AndonSdkError('cache', 'cannot write the cache file', undefined, { cause }),
        ),
      )
    }
    if (options.sendEvents) {
      events = startEvents({
        url: `${options.baseUrl}/sdk/v1/events`,
        sdkKey: options.sdkKey,
        fetch: options.fetch,
        timers,
        now: options.now,
        flushIntervalMs: options.flushIntervalMs,
        requestTimeoutMs: options.requestTimeoutMs,
        closeTimeoutMs: options.closeTimeoutMs,
        onError: (error) => emitter.emit('error', error),
      })
    }
    connection = startConnection(options, {
      put: (payload) => apply(() => store.put(payload)),
      patch: (patch, version) => apply(() => store.patch(patch, version)),
      remove: (event, version) => apply(() => store.remove(event, version)),
      live: () => {
        if (store.initialized) setStatus('ready')
      },
      trouble: (error, stillLive) => {
        if (!stillLive && store.initialized && status !== 'unauthorized') setStatus('stale')
        emitter.emit('error', error)
      },
      unauthorized: (error) => {
        setStatus('unauthorized')
        emitter.emit('error', error)
      },
    })
  }
  const flushEarly = () => {
    started = true
    for (const error of earlyErrors.splice(0)) emitter.emit('error', error)
  }
  queueMicrotask(flushEarly)

  /**
   * Counts an evaluation that served the caller a variation (not a default) as an exposure.
   * Every evaluation of the client ends here: `evaluate`, `typed` and `isEnabled`.
   */
  function expose(flagKey: string, result: EvaluationDetail) {
    if (events !== undefined && result.variationIndex !== null) {
      events.exposure(flagKey, result.variationIndex)
    }
  }

  function evaluate(flagKey: string, context: Context, defaultValue: JsonValue): EvaluationDetail {
    const result = store.evaluate(flagKey, context, defaultValue)
    expose(flagKey, result)
    return result
  }

  function track(metricKey: string, context: Context, value?: number) {
    if (events === undefined) return
    if (value != null && !(typeof value === 'number' && Number.isFinite(value * value))) {
      // NaN, an infinity or a non-number would spoil the sum (and the batch) for everyone.
      if (!warnedInvalidValue) {
        warnedInvalidValue = true
        emitError(
          new AndonSdkError(
            'invalid-event',
            `track('${metricKey}') got a value that is not a finite number; such events are ignored`,
          ),
        )
      }
      return
    }
    for (const flagKey of store.flagsWatching(metricKey)) {
      // The variation this context is served, as an exposure would be; not itself an exposure.
      const served = store.evaluate(flagKey, context, null).variationIndex
      if (served !== null) events.metric(metricKey, flagKey, served, value ?? undefined)
    }
  }

  /** A served value of another type is no exposure: the caller gets its default. */
  function typed<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
    accepts: (value: unknown) => boolean,
  ): EvaluationDetail<T> {
    const result = store.evaluate(flagKey, context, defaultValue)
    if (!accepts(result.value)) {
      return { value: defaultValue, variationIndex: null, reason: WRONG_TYPE }
    }
    expose(flagKey, result)
    return result as EvaluationDetail<T>
  }

  const isBoolean = (v: unknown) => typeof v === 'boolean'
  const isString = (v: unknown) => typeof v === 'string'
  const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)

  const client: AndonClient = {
    ready({ timeoutMs = 5000 } = {}) {
      const settled = () => store.initialized || status === 'unauthorized' || status === 'closed'
      if (settled() || options.offline) return Promise.resolve(store.initialized)
      return new Promise<boolean>((resolve) => {
        const finish = () => {
          timers.clearTimeout(timer)
          waiters.delete(check)
          resolve(store.initialized)
        }
        const check = () => {
          if (settled()) finish()
        }
        const timer = timers.setTimeout(finish, timeoutMs)
        waiters.add(check)
      })
    },
    isEnabled(flagKey, context) {
      const result = store.evaluate(flagKey, context, false)
      if (result.value !== true && result.value !== false) return false // not a boolean flag
      expose(flagKey, result)
      return result.value
    },
    variation: (flagKey, context, defaultValue) => evaluate(flagKey, context, defaultValue).value,
    variationDetail: (flagKey, context, defaultValue) => evaluate(flagKey, context, defaultValue),
    boolVariation: (flagKey, context, defaultValue) =>
      client.boolVariationDetail(flagKey, context, defaultValue).value,
    stringVariation: (flagKey, context, defaultValue) =>
      client.stringVariationDetail(flagKey, context, defaultValue).value,
    numberVariation: (flagKey, context, defaultValue) =>
      client.numberVariationDetail(flagKey, context, defaultValue).value,
    jsonVariation: (flagKey, context, defaultValue) =>
      client.jsonVariationDetail(flagKey, context, defaultValue).value,
    boolVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isBoolean),
    stringVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isString),
    numberVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isNumber),
    jsonVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isJsonStructure),
    allFlags(context) {
      const out: Record<string, JsonValue> = {}
      for (const key of store.flagKeys()) out[key] = store.evaluate(key, context, null).value
      return out
    },
    track,
    flush: () => events?.flush() ?? Promise.resolve(),
    status: () => status,
    version: () => store.version,
    on(event: string, listener: (...args: never[]) => void) {
      emitter.on(event, listener)
      return client
    },
    off(event, listener) {
      emitter.off(event, listener)
      return client
    },
    once(event: string, listener: (...args: never[]) => void) {
      emitter.once(event, listener)
      return client
    },
    async close() {
      if (status === 'closed') return
      setStatus('closed')
      connection?.close()
      connection = undefined
      wakeWaiters()
      const closing = events?.close()
      events = undefined
      await Promise.all([closing, cacheWriter?.flush()])
    },
  } as AndonClient
  return client
}
