/**
 * The browser client: serves flags at once from the bootstrap or the last payload kept in
 * `localStorage`, keeps them current through the stream (or polling: connection.ts), and
 * evaluates them locally with core's flag store. It holds the result of every flag for the
 * current context (flag-results.ts), so a read is a map lookup and `change` names exactly the
 * flags whose value changed (listeners.ts). This file wires the parts together and keeps the
 * client's status, its start-up data and the public methods.
 */
import {
  FLAG_NOT_FOUND,
  asPayload,
  createFlagStore,
  typedResult,
  type EvaluationResult,
  type FlagStore,
  type JsonValue,
} from '@andon/core'
import { withKey } from './context-key.js'
import { connectionStatus } from './connection-status.js'
import { connect, type Connection, type ConnectionState } from './connection.js'
import { startEvents, type Events } from './events.js'
import { refreshResults } from './flag-results.js'
import { createListeners } from './listeners.js'
import { defaultStorage, readPayload, writePayload } from './storage.js'
import type { BrowserClient, BrowserClientOptions, ClientStatus, Widen } from './types.js'

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
  const listeners = createListeners()
  const results = new Map<string, EvaluationResult>()
  let context = withKey(options.context, storage)
  const refresh = (flagKeys: Iterable<string>) => refreshResults(results, store, context, flagKeys)
  const held = (flagKey: string) => results.get(flagKey) ?? FLAG_NOT_FOUND
  let closed = false
  let status: ClientStatus = {
    ready: false,
    source: bootstrap ? 'bootstrap' : cached ? 'cache' : 'none',
    connection: 'idle',
    stale: false,
    version: store.version,
  }

  // What server rendering produced: the bootstrap's results, or nothing (the defaults).
  refresh(store.flagKeys())
  const initial = new Map(bootstrap ? results : [])
  const initialStatus: ClientStatus = Object.freeze(
    bootstrap ? status : { ...status, source: 'none', version: 0 },
  )

  function setStatus(next: Partial<ClientStatus>) {
    const merged = { ...status, ...next }
    // Flat and in the same key order: equal text is equal status (an undefined error is none).
    if (JSON.stringify(merged) === JSON.stringify(status)) return
    status = merged
    listeners.emit('status', status)
  }

  function fromServer(changed: string[]) {
    writePayload(storage, clientKey, store.toPayload())
    listeners.changed(refresh(changed))
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
        setStatus(connectionStatus(state, current, error, store.version))
        if (error) listeners.emit('error', error)
      },
    })
  }

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
        const served = held(flagKey).variationIndex
        if (served != null) events.metric(metricKey, flagKey, served, value)
      }
    },
    async flush() {
      await events?.flush()
    },
    async identify(next) {
      context = withKey(next, storage)
      listeners.changed(refresh(new Set([...results.keys(), ...store.flagKeys()])))
    },
    context: () => context,
    on: listeners.listen,
    subscribe: (flagKey, listener) => listeners.listen('flag:' + flagKey, listener),
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
    payload: store.toPayload,
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
