/**
 * Compiles a put's flags in steps after it: a put is ready at once, each flag compiled on its
 * first evaluation, and the rest are compiled `step` flags per turn of the event loop, so
 * that the payload as parsed can be let go soon without one long pause. Evaluating a flag
 * compiles it; with an empty context it costs next to nothing more.
 */
import type { FlagStore } from '@andon/core'

/** Flags compiled per turn of the event loop after a put: about 1 to 4 ms of work. */
export const COMPACT_STEP = 2000

export interface Compactor {
  /** Compiles the flags of the store as it is now, in steps; a later call takes over. */
  afterPut(): void
}

/**
 * @example
 * const compactor = createCompactor(store)
 * store.put(payload)
 * compactor.afterPut()
 */
export function createCompactor(
  store: Pick<FlagStore, 'flagKeys' | 'evaluate'>,
  step = COMPACT_STEP,
  // Not unref'd: an unref'd immediate waits for the next other event before it runs. The
  // steps end within milliseconds, so they never hold a process that is done for long.
  later: (run: () => void) => void = setImmediate,
): Compactor {
  let left: string[] = []
  function compileSome() {
    for (const key of left.splice(0, step)) store.evaluate(key, {}, null)
    if (left.length > 0) later(compileSome)
  }
  return {
    afterPut() {
      const idle = left.length === 0
      left = store.flagKeys()
      if (idle && left.length > 0) later(compileSome) // else the steps under way go on
    },
  }
}
