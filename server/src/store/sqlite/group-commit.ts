/**
 * Group commit: writes that arrive in the same turn of the event loop run in one SQLite
 * transaction, each inside its own savepoint, and share its commit and so its fsync. With
 * synchronous=FULL the fsync is most of a write's cost, so concurrent writers go several times
 * faster, and each write stays all-or-nothing: a refused one rolls back to its savepoint alone.
 * Every promise settles after the commit, and committed changes reach `onCommit` in order.
 */
import type Database from 'better-sqlite3'
import type { Change } from '../store.js'

export type WriteFn<T> = (out: Change[]) => T

interface Pending {
  run: WriteFn<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown; changes: Change[] } | { ok: false; error: unknown }

export function createGroupCommit(
  sqlite: Database.Database,
  onCommit: (changes: Change[]) => void,
) {
  let queue: Pending[] = []

  function runOne(p: Pending): Outcome {
    sqlite.exec('SAVEPOINT write')
    const changes: Change[] = []
    try {
      const value = p.run(changes)
      sqlite.exec('RELEASE write')
      return { ok: true, value, changes }
    } catch (error) {
      sqlite.exec('ROLLBACK TO write')
      sqlite.exec('RELEASE write')
      return { ok: false, error }
    }
  }

  function flush() {
    const batch = queue
    queue = []
    let outcomes: Outcome[]
    try {
      sqlite.exec('BEGIN IMMEDIATE')
      outcomes = batch.map(runOne)
      sqlite.exec('COMMIT')
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      for (const p of batch) p.reject(error)
      return
    }
    const changes = outcomes.flatMap((o) => (o.ok ? o.changes : []))
    try {
      if (changes.length > 0) onCommit(changes)
    } catch (error) {
      // The writes are committed whatever a listener does; their callers must hear so.
      console.error('a commit listener failed', error)
    }
    batch.forEach((p, i) => {
      const o = outcomes[i] as Outcome
      if (o.ok) p.resolve(o.value)
      else p.reject(o.error)
    })
  }

  return function write<T>(run: WriteFn<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // setImmediate, not a microtask: requests that arrived meanwhile get to join the batch.
      if (queue.length === 0) setImmediate(flush)
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject })
    })
  }
}
