/**
 * The PostgreSQL store as the server uses it: a lost connection becomes `StoreUnavailable`
 * (503 with `Retry-After`) instead of a 500, and what SDKs need keeps working from memory while
 * the database is away: SDK keys already seen authenticate, and an environment's version is the
 * last one this process followed, so the payload cache serves what it holds. `/healthz` asks
 * the database itself.
 *
 * Within a second of a lookup, a key (SDK key or token) is not looked up again, nor are the
 * environments' settings (every config edit asks whether its environment requires approval): a
 * request then asks the database a thing or two fewer. A revocation, or an environment's
 * change, empties every process's copies through NOTIFY, and answers only once that second has
 * passed, so that even a process that missed the NOTIFY no longer holds the old one: from the
 * answer on, every process that reaches the database refuses the key or follows the
 * environment's new settings. (One that does not serves SDK reads with the SDK keys it had
 * seen.) An environment that the copy lacks is asked for at once: one just created elsewhere is
 * found.
 */
import type pg from 'pg'
import type { AuthKey, EnvironmentSettings, Store, StoreHealth } from '../store.js'
import { StoreUnavailable } from '../store-error.js'
import { isConnectionError } from './unavailable.js'
import { createKeyCache, KEY_CACHE_MS } from '../key-cache.js'

export type PostgresStoreCore = Omit<Store, 'health'>

export interface ResilientStore extends Store {
  /** Drops the keys and environments held in memory (they changed, or may have). */
  forgetHeld(): void
}

const HEALTH_TIMEOUT_MS = 2000
/** The one entry of the held environments. */
const ALL = 'all'

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
  /** How long a key found is held without asking again. */
  heldMs = KEY_CACHE_MS,
): ResilientStore {
  const wrapped = Object.fromEntries(
    Object.entries(inner).map(([name, fn]) => [
      name,
      guarded(fn as (...args: unknown[]) => Promise<unknown>),
    ]),
  ) as unknown as PostgresStoreCore
  // SDK keys seen, for while the database is away (admin requests need it anyway); and keys
  // seen within the second, which spare the database a query per request. NOTIFY of a key
  // change empties both.
  const keys = new Map<string, AuthKey>()
  const fresh = createKeyCache(heldMs)
  // The environments' settings, held as one entry.
  const environments = createKeyCache<EnvironmentSettings[]>(heldMs)
  // Counts the emptyings: a lookup that one overtook keeps nothing of what it found.
  let generation = 0

  function forgetHeld() {
    generation++
    keys.clear()
    fresh.clear()
    environments.clear()
  }

  /** The environments as the database has them now, held from when they were asked for. */
  async function environmentList(): Promise<EnvironmentSettings[]> {
    const asked = fresh.now()
    const before = generation
    const list = (await wrapped.listEnvironments()).map(
      ({ version: _version, ...settings }): EnvironmentSettings => settings,
    )
    if (generation === before) environments.set(ALL, list, asked)
    return list
  }

  /** Waits until `heldMs` has passed from now by the cache's clock (timers may fire early). */
  async function outlastHeld() {
    const from = fresh.now()
    for (let left = heldMs; left > 0; left = from + heldMs - fresh.now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)))
    }
  }

  /**
   * The write, answered (or failed) once every process's copy of what it changed has run out:
   * whatever the answer (a revocation another request made, a commit whose answer was lost),
   * each copy was asked for before the commit, and the wait starts after it.
   */
  function onceCopiesRanOut<A extends unknown[], R>(write: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      try {
        return await write(...args)
      } finally {
        forgetHeld()
        await outlastHeld()
      }
    }
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
      // Held from when it was asked: a revocation that committed meanwhile waits that long.
      const asked = fresh.now()
      const before = generation
      try {
        const key = await wrapped.findKey(digest)
        if (key === undefined) keys.delete(digest)
        else if (generation === before) {
          if (key.kind !== 'admin') keys.set(digest, key)
          fresh.set(digest, key, asked)
        }
        return key
      } catch (error) {
        const held = keys.get(digest)
        if (error instanceof StoreUnavailable && held !== undefined) return held
        throw error
      }
    },
    async getEnvironmentSettings(key) {
      const byKey = (list: EnvironmentSettings[]) => list.find((e) => e.key === key)
      const held = environments.get(ALL)
      return (held && byKey(held)) ?? byKey(await environmentList())
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
    // This process's own writes of keys and environments empty what it holds at once; other
    // processes' by NOTIFY.
    createKey: (...args) => wrapped.createKey(...args).finally(forgetHeld),
    // A revocation, and an environment's change (a copy without the approval now required
    // lets no edit by), answer once no process holds a copy from before them.
    revokeKey: onceCopiesRanOut(wrapped.revokeKey),
    createToken: (...args) => wrapped.createToken(...args).finally(forgetHeld),
    createEnvironment: (...args) => wrapped.createEnvironment(...args).finally(forgetHeld),
    updateEnvironment: onceCopiesRanOut(wrapped.updateEnvironment),
    forgetHeld,
  }
}
