/**
 * The browser client: serves flags at once from the bootstrap or the last payload kept in
 * `localStorage`, keeps them current through the stream (or polling), and evaluates them
 * locally with core's flag store. It holds the result of every flag for the current context,
 * so a read is a map lookup and `change` names exactly the flags whose value changed.
 */
import {
  FLAG_NOT_FOUND,
  asPayload,
  createFlagStore,
  typedResult,
  type Context,
  type EvaluationResult,
  type FlagStore,
  type JsonValue,
} from '@andon/core'
import { attempt } from './attempt.js'
import { connect, type Connection, type ConnectionState } from './connection.js'
import { startEvents, type Events } from './events.js'
import { anonymousKey, defaultStorage, readPayload, writePayload } from './storage.js'
import type { BrowserClient, BrowserClientOptions, ClientStatus, Widen } from './types.js'

function sameValue(a: EvaluationResult, b: EvaluationResult): boolean {
  return (
    a.variationIndex === b.variationIndex && JSON.stringify(a.value) === JSON.stringify(b.value)
  )
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
  const { clientKey } = options
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const bootstrap = asPayload(options.bootstrap)
  const cached = bootstrap ? undefined : readPayload(storage, clientKey)
  const store: FlagStore = createFlagStore(bootstrap ?? cached)
  const results = new Map<string, EvaluationResult>()
  /** Listeners by event name, and of one flag under `flag:` and its key. */
  const listeners = new Map<string, Set<(...args: never[]) => void>>()
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
    const ctx: Context | undefined = attempt(() => ({ ...input }))
    // A getter threw: evaluation will say MALFORMED_FLAG, and not throw.
    if (!ctx) return input
    if (ctx.key == null && storage !== null) ctx.key = anonymousKey(storage)
    return Object.freeze(ctx)
  }

  /** The flag's result (the store never throws), or undefined when it is unknown. */
  function evaluateOne(flagKey: string): EvaluationResult | undefined {
    return store.has(flagKey) ? store.evaluate(flagKey, context, null) : undefined
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
  refresh(store.flagKeys())
  const initial = new Map(bootstrap ? results : [])
  const initialStatus: ClientStatus = Object.freeze(
    bootstrap ? status : { ...status, source: 'none', version: 0 },
  )

  function listen(name: string, listener: (...args: never[]) => void): () => void {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) listeners.delete(name)
    }
  }

  function emit(name: string, ...args: unknown[]) {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        ;(listener as (...a: unknown[]) => void)(...args)
      } catch (error) {
        // Reported, without letting one listener break the client or the others.
        setTimeout(() => {
          throw error
        })
      }
    }
  }

  function announce(changed: string[]) {
    if (changed.length === 0) return
    for (const flagKey of changed) emit('flag:' + flagKey)
    emit('change', changed)
  }

  function setStatus(next: Partial<ClientStatus>) {
    const merged = { ...status, ...next }
    // Flat and in the same key order: equal text is equal status (an undefined error is none).
    if (JSON.stringify(merged) === JSON.stringify(status)) return
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
  let events: Events | undefined
  const online = options.connect ?? typeof window !== 'undefined'
  if (online && options.sendEvents !== false) {
    events = startEvents(options, globalThis.window)
  }
  if (online) {
    connection = connect(options, () => store.version, {
      // After close() the connection delivers nothing more: its stream and polls are dropped.
      put: (payload) => fromServer(store.put(payload)),
      patch: (event, version) => fromServer(store.patch(event, version)),
      remove: (event, version) => fromServer(store.remove(event, version)),
      state(state: ConnectionState, current: boolean, error?: Error) {
        setStatus({
          connection: state,
          ...(current && { stale: false, error: undefined }),
          // A stream that opens after the version held (see resumeFrom) is the server saying
          // nothing else changed: if something did, it follows at once, as with a put.
          ...(current &&
            state === 'streaming' &&
            store.version > 0 && { ready: true, source: 'server' }),
          ...(error && { stale: true, error: error.message }),
        })
        if (error) emit('error', error)
      },
    })
  }

  const held = (flagKey: string) => results.get(flagKey) ?? FLAG_NOT_FOUND

  /** What an evaluation serves (core's typed rule); each variation served is an exposure. */
  function detail(flagKey: string, defaultValue: JsonValue): EvaluationResult {
    const result = typedResult(held(flagKey), defaultValue)
    if (result.variationIndex !== null && !closed) events?.exposure(flagKey, result.variationIndex)
    return result
  }

  const client: BrowserClient = {
    isEnabled: (flagKey) => detail(flagKey, false).value === true,
    variation: <T extends JsonValue>(flagKey: string, defaultValue: T) =>
      detail(flagKey, defaultValue).value as Widen<T>,
    variationDetail: <T extends JsonValue>(flagKey: string, defaultValue: T) =>
      detail(flagKey, defaultValue) as EvaluationResult<Widen<T>>,
    peek: held,
    track(metricKey, value) {
      if (closed || !events) return
      // The variation each watching flag serves the context (held: no exposure is counted).
      for (const flagKey of store.flagsWatching(metricKey)) {
        const served = results.get(flagKey)?.variationIndex
        if (served != null) events.metric(metricKey, flagKey, served, value)
      }
    },
    async flush() {
      await events?.flush()
    },
    async identify(next) {
      context = withKey(next)
      announce(refresh(new Set([...results.keys(), ...store.flagKeys()])))
    },
    context: () => context,
    on: (event, listener) => listen(event, listener),
    subscribe: (flagKey, listener) => listen('flag:' + flagKey, listener),
    status: () => status,
    async waitForReady(timeoutMs) {
      if (status.ready || closed) return status.ready
      return new Promise((resolve) => {
        const finish = (ready: boolean) => {
          clearTimeout(timer)
          stop()
          resolve(ready)
        }
        const stop = client.on('status', (s) => {
          if (s.ready || s.connection === 'closed') finish(s.ready)
        })
        const timer = timeoutMs === undefined ? undefined : setTimeout(finish, timeoutMs, false)
      })
    },
    initialDetail: (flagKey) => initial.get(flagKey) ?? FLAG_NOT_FOUND,
    initialStatus: () => initialStatus,
    async close() {
      if (!closed) {
        closed = true
        if (connection) connection.close()
        else setStatus({ connection: 'closed' })
      }
      await events?.close()
    },
  }
  return client
}
