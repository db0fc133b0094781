/**
 * The browser client: serves flags at once from the bootstrap or the last payload kept in
 * `localStorage`, keeps them current through the stream (or polling), and evaluates them
 * locally with core's flag store. It holds the result of every flag for the current context,
 * so a read is a map lookup and `change` names exactly the flags whose value changed.
 */
import {
  createFlagStore,
  type Context,
  type EvaluationResult,
  type FlagStore,
  type JsonValue,
} from '@andon/core'
import { connect, type Connection, type ConnectionState } from './connection.js'
import { anonymousKey, defaultStorage, readPayload, writePayload } from './storage.js'
import type {
  BrowserClient,
  BrowserClientOptions,
  ClientEvents,
  ClientStatus,
  Widen,
} from './types.js'
import { asPayload } from './wire.js'

const NOT_FOUND: EvaluationResult = Object.freeze({
  value: null,
  variationIndex: null,
  reason: Object.freeze({ kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' }),
})

const MALFORMED: EvaluationResult = Object.freeze({
  value: null,
  variationIndex: null,
  reason: Object.freeze({ kind: 'ERROR', errorKind: 'MALFORMED_FLAG' }),
})

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

function sameValue(a: EvaluationResult, b: EvaluationResult): boolean {
  if (a.variationIndex !== b.variationIndex) return false
  return a.value === b.value || JSON.stringify(a.value) === JSON.stringify(b.value)
}

/** Reports a listener's exception without letting it break the client. */
function report(error: unknown) {
  setTimeout(() => {
    throw error
  })
}

function call<A extends unknown[]>(listener: (...args: A) => void, ...args: A) {
  try {
    listener(...args)
  } catch (error) {
    report(error)
  }
}

/**
 * Creates a browser client. Values are available at once (bootstrap, else the copy kept in
 * `localStorage`, else the defaults) and follow the server live from then on.
 * @example
 * const flags = createBrowserClient({
 *   baseUrl: 'https://flags.example.com',
 *   clientKey: 'cli_...',
 *   context: { key: 'user-1', plan: 'pro' },
 * })
 * if (flags.isEnabled('new-checkout')) showNewCheckout()
 * flags.on('change', (keys) => rerender(keys))
 */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  const { clientKey, random } = options
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const bootstrap = asPayload(options.bootstrap)
  const cached = bootstrap ? undefined : readPayload(storage, clientKey)
  const store: FlagStore = createFlagStore(bootstrap ?? cached)
  const results = new Map<string, EvaluationResult>()
  const listeners: { [E in keyof ClientEvents]: Set<ClientEvents[E]> } = {
    change: new Set(),
    status: new Set(),
    error: new Set(),
  }
  const keyListeners = new Map<string, Set<() => void>>()
  let context = withKey(options.context)
  let closed = false
  let status: ClientStatus = {
    ready: false,
    source: bootstrap ? 'bootstrap' : cached ? 'cache' : 'none',
    connection: 'idle',
    stale: false,
    version: store.version,
  }

  /** The context with a key: its own, or the visitor's anonymous key when storage exists. */
  function withKey(input: Context | undefined): Context {
    if (typeof input !== 'object' || input === null) input = {}
    let ctx: Context
    try {
      ctx = { ...input }
    } catch {
      return input // a getter threw: evaluation will say MALFORMED_FLAG, and not throw
    }
    if (ctx.key == null && storage !== null) ctx.key = anonymousKey(storage, random)
    return Object.freeze(ctx)
  }

  function evaluateOne(flagKey: string): EvaluationResult | undefined {
    if (store.flag(flagKey) === undefined) return undefined
    try {
      return store.evaluate(flagKey, context, null)
    } catch {
      return MALFORMED
    }
  }

  /** Re-evaluates `flagKeys`; returns those whose value changed. */
  function refresh(flagKeys: Iterable<string>): string[] {
    const changed: string[] = []
    for (const flagKey of flagKeys) {
      const before = results.get(flagKey)
      const after = evaluateOne(flagKey)
      if (after === undefined) {
        if (results.delete(flagKey)) changed.push(flagKey)
      } else if (before !== after) {
        results.set(flagKey, after)
        if (before === undefined || !sameValue(before, after)) changed.push(flagKey)
      }
    }
    return changed
  }

  // What server rendering produced: the bootstrap's results, or nothing (the defaults).
  const initial = new Map<string, EvaluationResult>()
  refresh(store.flagKeys())
  if (bootstrap) for (const [k, r] of results) initial.set(k, r)
  const initialStatus: ClientStatus = Object.freeze({
    ready: false,
    source: bootstrap ? 'bootstrap' : 'none',
    connection: 'idle',
    stale: false,
    version: bootstrap ? store.version : 0,
  })

  function emit<E extends keyof ClientEvents>(event: E, ...args: Parameters<ClientEvents[E]>) {
    for (const listener of [...listeners[event]]) {
      call(listener as (...a: Parameters<ClientEvents[E]>) => void, ...args)
    }
  }

  function announce(changed: string[]) {
    if (changed.length === 0) return
    for (const flagKey of changed) {
      const set = keyListeners.get(flagKey)
      if (set) for (const listener of [...set]) call(listener)
    }
    emit('change', changed)
  }

  function setStatus(next: Partial<ClientStatus>) {
    const merged = { ...status, ...next }
    if ((Object.keys(merged) as (keyof ClientStatus)[]).every((k) => merged[k] === status[k])) {
      return
    }
    status = merged
    emit('status', status)
  }

  function fromServer(changed: string[]) {
    writePayload(storage, clientKey, store.toPayload())
    announce(refresh(changed))
    setStatus({
      ready: true,
      source: 'server',
      stale: false,
      error: undefined,
      version: store.version,
    })
  }

  let connection: Connection | undefined
  const online = options.connect ?? typeof window !== 'undefined'
  if (online) {
    connection = connect(
      {
        baseUrl: options.baseUrl,
        clientKey,
        EventSource:
          options.streaming === false ? undefined : (options.EventSource ?? globalThis.EventSource),
        fetch: options.fetch ?? globalThis.fetch?.bind(globalThis),
        pollIntervalMs: options.pollIntervalMs ?? 30_000,
        streamFailuresBeforePolling: options.streamFailuresBeforePolling ?? 3,
        random: random ?? Math.random,
        now: () => Date.now(),
        resumeFrom: () => (status.source === 'none' ? undefined : store.version),
      },
      {
        put: (payload) => closed || fromServer(store.put(payload)),
        patch: (event, version) => closed || fromServer(store.patch(event, version)),
        remove: (event, version) => closed || fromServer(store.remove(event, version)),
        state(state: ConnectionState, current: boolean, error?: Error) {
          if (closed && state !== 'closed') return
          const next: Partial<ClientStatus> = { connection: state }
          if (current) Object.assign(next, { stale: false, error: undefined })
          // A stream that opens after the version held (see resumeFrom) is the server saying
          // nothing else changed: if something did, it follows at once, as with a put.
          if (current && state === 'streaming' && status.source !== 'none' && store.version > 0) {
            Object.assign(next, { ready: true, source: 'server' })
          }
          if (error) Object.assign(next, { stale: true, error: error.message })
          setStatus(next)
          if (error) emit('error', error)
        },
      },
    )
  }

  function detail(flagKey: string, defaultValue: JsonValue): EvaluationResult {
    const result = results.get(flagKey) ?? NOT_FOUND
    if (result.variationIndex === null) {
      return defaultValue === null ? result : { ...result, value: defaultValue }
    }
    if (defaultValue !== null && kindOf(result.value) !== kindOf(defaultValue)) {
      return {
        value: defaultValue,
        variationIndex: null,
        reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
      }
    }
    return result
  }

  const client: BrowserClient = {
    isEnabled: (flagKey) => detail(flagKey, false).value === true,
    variation: <T extends JsonValue>(flagKey: string, defaultValue: T) =>
      detail(flagKey, defaultValue).value as Widen<T>,
    variationDetail: <T extends JsonValue>(flagKey: string, defaultValue: T) =>
      detail(flagKey, defaultValue) as EvaluationResult<Widen<T>>,
    identify(next) {
      context = withKey(next)
      announce(refresh(new Set([...results.keys(), ...store.flagKeys()])))
      return Promise.resolve()
    },
    context: () => context,
    on(event, listener) {
      listeners[event].add(listener)
      return () => void listeners[event].delete(listener)
    },
    subscribe(flagKey, listener) {
      let set = keyListeners.get(flagKey)
      if (!set) keyListeners.set(flagKey, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) keyListeners.delete(flagKey)
      }
    },
    status: () => status,
    waitForReady(timeoutMs) {
      if (status.ready) return Promise.resolve(true)
      if (closed) return Promise.resolve(false)
      return new Promise((resolve) => {
        const timer =
          timeoutMs === undefined ? undefined : setTimeout(() => finish(false), timeoutMs)
        const stop = client.on('status', (s) => {
          if (s.ready) finish(true)
          else if (s.connection === 'closed') finish(false)
        })
        function finish(ready: boolean) {
          clearTimeout(timer)
          stop()
          resolve(ready)
        }
      })
    },
    initialDetail: (flagKey) => initial.get(flagKey) ?? NOT_FOUND,
    initialStatus: () => initialStatus,
    close() {
      if (closed) return
      closed = true
      if (connection) connection.close()
      else setStatus({ connection: 'closed' })
    },
  }
  return client
}
