/**
 * A token's last-used time, written at most once a minute per token and process: the admin
 * API's hot path then writes nothing on almost every request, and the time is still right to
 * within a minute. A failed write is reported, never thrown at the request.
 */
import type { Store } from '../store/store.js'

export const LAST_USED_EVERY_MS = 60_000

/** Many tokens at once: forget them all rather than grow (the next use writes once more). */
const MAX_HELD = 10_000

export function createUsageRecorder(
  store: Store,
  now: () => number,
  logError: (error: unknown) => void,
) {
  const written = new Map<number, number>()
  return (id: number): void => {
    const at = now()
    const last = written.get(id)
    if (last !== undefined && at - last < LAST_USED_EVERY_MS) return
    if (written.size >= MAX_HELD) written.clear()
    written.set(id, at)
    store
      .touchKey(id, at)
      .catch((e: unknown) => logError(new Error('recording a token use failed', { cause: e })))
  }
}
