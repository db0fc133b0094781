/**
 * Runs writes in PostgreSQL transactions with group commit, as the SQLite store does: writes that
 * arrive in the same turn of the event loop share one transaction, each inside its own savepoint,
 * and so share one commit (and its WAL flush), which is most of a write's cost. A refused write
 * rolls back to its savepoint alone. Changes go to `onCommit` after the commit (nothing is
 * streamed that a crash could take back); every promise settles after it.
 *
 * A write that PostgreSQL aborts for a deadlock or a serialization failure (writes from several
 * processes) runs again in the next transaction; a write whose database is away fails with
 * `StoreUnavailable` (503 with `Retry-After`).
 */
import type { Change } from '../store.js'
import { StoreUnavailable } from '../store-error.js'
import { isConnectionError } from './unavailable.js'
import type { PgCtx, PgDb } from './context.js'

export type PgWriteFn<T> = (ctx: PgCtx, out: Change[]) => Promise<T>

/** SQLSTATEs worth another try: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 5
/** Writes in one transaction at most: a long one holds its environments' locks longer. */
const MAX_BATCH = 64

interface Pending {
  run: PgWriteFn<unknown>
  attempts: number
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome =
  { ok: true; value: unknown; changes: Change[] } | { ok: false; error: unknown; retry: boolean }

const sqlState = (error: unknown): string => {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  }
  return ''
}

/**
 * Runs a write that commits by itself (one statement, outside the batch) with the batch's
 * rules for errors: a lost connection is `StoreUnavailable`, a deadlock or serialization
 * failure is `undefined`, for the caller to write the full way instead.
 */
export async function oneStatementWrite<T>(
  run: () => Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    if (isConnectionError(error)) throw new StoreUnavailable(error)
    if (RETRYABLE.has(sqlState(error))) return undefined
    throw error
  }
}

export function createPgWriter(db: PgDb, now: () => number, onCommit: (changes: Change[]) => void) {
  const queue: Pending[] = []
  let running = false

  async function flush() {
    const batch = queue.splice(0, MAX_BATCH)
    let outcomes: Outcome[] = []
    try {
      await db.transaction(async (tx) => {
        outcomes = []
        for (const p of batch) {
          const changes: Change[] = []
          try {
            // A nested transaction is a savepoint: a refused write leaves the others whole.
            const value = await tx.transaction(async (sp) => p.run({ db: sp, now }, changes))
            outcomes.push({ ok: true, value, changes })
          } catch (error) {
            outcomes.push({ ok: false, error, retry: RETRYABLE.has(sqlState(error)) })
          }
        }
      })
    } catch (error) {
      // The commit (or the transaction as a whole) failed: none of the batch happened.
      const retry = RETRYABLE.has(sqlState(error))
      outcomes = batch.map(() => ({ ok: false, error, retry }))
    }
    const committed = outcomes.flatMap((o) => (o.ok ? o.changes : []))
    if (committed.length > 0) {
      try {
        onCommit(committed)
      } catch (error) {
        // The writes are committed whatever a listener does; their callers must hear so.
        console.error('a commit listener failed', error)
      }
    }
    const again: Pending[] = []
    batch.forEach((p, i) => {
      const o = outcomes[i] as Outcome
      if (o.ok) p.resolve(o.value)
      else if (o.retry && ++p.attempts < ATTEMPTS) again.push(p)
      else p.reject(isConnectionError(o.error) ? new StoreUnavailable(o.error) : o.error)
    })
    queue.unshift(...again)
  }

  async function drain() {
    running = true
    try {
      while (queue.length > 0) await flush()
    } finally {
      running = false
    }
  }

  return function write<T>(run: PgWriteFn<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // setImmediate, not a microtask: requests that arrived meanwhile join the batch. While a
      // batch commits, new writes queue for the next one.
      if (queue.length === 0 && !running) setImmediate(() => void drain())
      queue.push({ run, attempts: 0, resolve: resolve as (v: unknown) => void, reject })
    })
  }
}
