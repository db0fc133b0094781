/**
 * A server for tests: the app on an in-memory database, a clock the test moves, the seeded
 * admin token and keys, `call()` for JSON requests through `app.request()`, and a fake
 * webhook that keeps what it was sent (or the sender the test hands in).
 */
import type { WebhookPayload, WebhookSender } from '../guard/webhook.js'
import { createApp } from '../app.js'
import type { AppEnv } from '../http/app-env.js'
import { openDatabase } from '../db/open-database.js'
import { seedIfEmpty } from '../seed.js'
import { createSqliteStore } from '../store/sqlite/sqlite-store.js'
import { createMemoryBroker } from '../stream/memory-broker.js'

export interface CallOptions {
  body?: unknown
  token?: string | null
  headers?: Record<string, string>
  /** The client's network address, as a socket would give it (by default none: 'local'). */
  source?: string
}

export interface HarnessOptions {
  heartbeatMs?: number
  /** Connections the broker writes per event-loop turn; small, to make a fan-out span turns. */
  chunkSize?: number
  uiDir?: string | null
  webhook?: WebhookSender
}

export async function createHarness(options: HarnessOptions = {}) {
  const sqlite = openDatabase(':memory:')
  const broker = createMemoryBroker({
    heartbeatMs: options.heartbeatMs,
    chunkSize: options.chunkSize,
  })
  const clock = { now: 1_800_000_000_000 }
  const store = createSqliteStore({
    sqlite,
    now: () => clock.now,
    onCommit: (changes) => broker.publish(changes),
  })
  const seeded = await seedIfEmpty(store, undefined)
  if (seeded === undefined) throw new Error('a fresh database is seeded')
  const errors: unknown[] = []
  const webhooks: WebhookPayload[] = []
  const app = createApp({
    store,
    broker,
    clock: () => clock.now,
    uiDir: options.uiDir ?? null,
    logError: (e) => errors.push(e),
    webhook:
      options.webhook ??
      (async (payload) => {
        webhooks.push(payload)
      }),
  })
  const key = (environment: string, kind: 'server' | 'client') =>
    seeded.keys.find((k) => k.environment === environment && k.kind === kind)?.secret as string

  async function call(method: string, path: string, o: CallOptions = {}) {
    const token = o.token === undefined ? seeded?.adminToken : o.token
    const headers: Record<string, string> = { ...o.headers }
    if (token !== null && token !== undefined) headers.Authorization = `Bearer ${token}`
    if (o.body !== undefined) headers['Content-Type'] = 'application/json'
    const env =
      o.source === undefined ? undefined : { incoming: { socket: { remoteAddress: o.source } } }
    const res = await app.request(
      path,
      { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) },
      env as AppEnv['Bindings'] | undefined,
    )
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON: tests read `text`
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, text, json: json as any }
  }

  return {
    app,
    store,
    broker,
    clock,
    sqlite,
    admin: seeded.adminToken,
    key,
    call,
    errors,
    webhooks,
  }
}

export type Harness = Awaited<ReturnType<typeof createHarness>>
