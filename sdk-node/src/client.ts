/**
 * `createClient`: the Node SDK. It holds one environment's flags in core's flag store and
 * evaluates locally (evaluations.ts), so `isEnabled` costs a hash and no network; a stream
 * (or, while the stream fails, polling: connection.ts) keeps the store current, and the last
 * known values keep serving through any outage. This file wires the parts together and keeps
 * the client's status, start-up data, cache file and listeners.
 */
import {
  COMPACT_HOLDING,
  asPayload,
  createFlagStore,
  openFeatureFlagInfo,
  type Payload,
} from '@andon/core'
import { createCacheWriter, readCacheFile, type CacheWriter } from './cache-file.js'
import { startConnection, type Connection } from './connection.js'
import { Emitter } from './emitter.js'
import { AndonSdkError } from './errors.js'
import { startEvents, type Events } from './events.js'
import { resolveOptions, type ClientOptions } from './options.js'
import type { AndonClient, ClientStatus } from './client-api.js'
import { createCompactor } from './compactor.js'
import { createEvaluations } from './evaluations.js'

export type { AndonClient, ClientStatus, EvaluationDetail, ReadyOptions } from './client-api.js'

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
  /** Whether the store holds data: a put, a bootstrap or the cache file. */
  let hasData = false
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

  const compactor = createCompactor(store)
  /** The data as a payload, for `flagInfo`: rebuilt on first use after a change. */
  let held: Payload | undefined

  /** Applies server data; the first data is no change, later ones report what they changed. */
  function apply(update: () => string[], isPut = false) {
    const hadData = hasData
    const keys = update()
    held = undefined
    if (isPut) {
      hasData = true
      compactor.afterPut()
    }
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
    if (!hasData || payload.version > store.version) {
      store.put(payload)
      held = undefined
      hasData = true
      compactor.afterPut()
    }
  }

  const bootstrap = clientOptions?.bootstrap
  if (bootstrap !== undefined) {
    // The application's own data, checked as what the server sends is (core's asPayload):
    // the envelope and each item's key and version; the evaluator copes with any flag
    // inside (MALFORMED_FLAG).
    if (asPayload(bootstrap)) load(bootstrap)
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
    if (hasData) status = 'stale'
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
      put: (payload) => apply(() => store.put(payload), true),
      patch: (patch, version) => apply(() => store.patch(patch, version)),
      remove: (event, version) => apply(() => store.remove(event, version)),
      live: () => {
        if (hasData) setStatus('ready')
      },
      trouble: (error, stillLive) => {
        if (!stillLive && hasData && status !== 'unauthorized') setStatus('stale')
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

  const evaluations = createEvaluations(store, {
    events: () => events,
    warn: emitError,
  })

  const client: AndonClient = {
    ready({ timeoutMs = 5000 } = {}) {
      const settled = () => hasData || status === 'unauthorized' || status === 'closed'
      if (settled() || options.offline) return Promise.resolve(hasData)
      return new Promise<boolean>((resolve) => {
        const finish = () => {
          timers.clearTimeout(timer)
          waiters.delete(check)
          resolve(hasData)
        }
        const check = () => {
          if (settled()) finish()
        }
        const timer = timers.setTimeout(finish, timeoutMs)
        waiters.add(check)
      })
    },
    ...evaluations,
    flush: () => events?.flush() ?? Promise.resolve(),
    status: () => status,
    version: () => store.version,
    flagInfo(flagKey) {
      held ??= store.toPayload()
      const flag = Object.hasOwn(held.flags, flagKey) ? held.flags[flagKey] : undefined
      return openFeatureFlagInfo(flag, held.environment)
    },
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
