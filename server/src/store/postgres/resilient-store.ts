/**
 * The PostgreSQL store as the server uses it: a lost connection becomes `StoreUnavailable`
 * (503 with `Retry-After`) instead of a 500, and what SDKs need keeps working from memory while
 * the database is away: keys already seen authenticate (a revocation anywhere empties the cache
 * through NOTIFY; within a second of a lookup, an SDK key is not looked up again, a token
 * always is), and an environment's version is the last one this process followed, so the
 * payload cache serves what it holds. `/healthz` asks the database itself.
 */
import type pg from 'pg'
import type { AuthKey, Store, StoreHealth } from '../store.js'
import { StoreUnavailable } from '../store-error.js'
import { isConnectionError } from './unavailable.js'
import { createKeyCache } from '../key-cache.js'

export type PostgresStoreCore = Omit<Store, 'health'>

export interface ResilientStore extends Store {
  /** Drops the keys held in memory (keys changed, or may have). */
  forgetKeys(): void
}

const HEALTH_TIMEOUT_MS = 2000

function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args)
    } catch (error) {
      throw isConnectionError(error) ? new StoreUnavailable(error) : error
    }
  }
}

export function resilientStore(
  inner: PostgresStoreCore,
  pool: pg.Pool,
  knownVersion: (environmentId: number) => number | undefined,
): ResilientStore {
  const wrapped = Object.fromEntries(
    Object.entries(inner).map(([name, fn]) => [
      name,
      guarded(fn as (...args: unknown[]) => Promise<unknown>),
    ]),
  ) as unknown as PostgresStoreCore
  // Keys seen, for while the database is away; and those seen within the second, which
  // spare the database a query per SDK request. NOTIFY of a key change empties both.
  const keys = new Map<string, AuthKey>()
  const fresh = createKeyCache()

  function forgetKeys() {
    keys.clear()
    fresh.clear()
  }

  async function health(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 2 s')), HEALTH_TIMEOUT_MS)
    })
    try {
      await Promise.race([pool.query('select 1'), timeout])
      return { ok: true, database: 'postgres' }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, database: 'postgres', error: `PostgreSQL: ${message}` }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    ...wrapped,
    async findKey(digest) {
      const recent = fresh.get(digest)
      if (recent !== undefined) return recent
      try {
        const key = await wrapped.findKey(digest)
        if (key === undefined) keys.delete(digest)
        else {
          keys.set(digest, key)
          // Tokens are looked up on every request: NOTIFY of a revocation may reach this
          // process a moment after the revoking one answered, and the next request must fail.
          if (key.kind !== 'admin') fresh.set(digest, key)
        }
        return key
      } catch (error) {
        const held = keys.get(digest)
        if (error instanceof StoreUnavailable && held !== undefined) return held
        throw error
      }
    },
    async environmentVersion(id) {
      try {
        return await wrapped.environmentVersion(id)
      } catch (error) {
        const held = knownVersion(id)
        if (error instanceof StoreUnavailable && held !== undefined) return held
        throw error
      }
    },
    health,
    // This process's own key writes empty the caches at once; other processes' by NOTIFY.
    createKey: (...args) => wrapped.createKey(...args).finally(forgetKeys),
    revokeKey: (...args) => wrapped.revokeKey(...args).finally(forgetKeys),
    createToken: (...args) => wrapped.createToken(...args).finally(forgetKeys),
    forgetKeys,
  }
}
