/**
 * The client's listeners: by event name (`change`, `status`, `error`), and those of one flag
 * under `flag:` and its key (what `subscribe` and React's hooks use). A listener that throws
 * is reported to the page as an uncaught error, on a task of its own, so it breaks neither
 * the client nor the listeners after it.
 */

/** Listeners take whatever their event carries; the public types say which. */
type Listener = (...args: never[]) => void

export interface Listeners {
  /** Adds `listener` for `name`; returns the function that removes it. */
  listen(name: string, listener: Listener): () => void
  /** Calls the listeners of `name` in the order they were added. */
  emit(name: string, ...args: unknown[]): void
  /** Tells the listeners of each flag in `flagKeys`, then those of `change`, when there is one. */
  changed(flagKeys: string[]): void
}

/**
 * @example
 * const listeners = createListeners()
 * const stop = listeners.listen('flag:banner', render)
 * listeners.changed(['banner']) // render(), then every `change` listener with ['banner']
 */
export function createListeners(): Listeners {
  const byName = new Map<string, Set<Listener>>()

  function emit(name: string, ...args: unknown[]) {
    // A copy: a listener may stop listening (or add one) while they are called.
    for (const listener of [...(byName.get(name) ?? [])]) {
      try {
        ;(listener as (...a: unknown[]) => void)(...args)
      } catch (error) {
        setTimeout(() => {
          throw error
        })
      }
    }
  }

  return {
    listen(name, listener) {
      let set = byName.get(name)
      if (!set) byName.set(name, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) byName.delete(name)
      }
    },
    emit,
    changed(flagKeys) {
      if (flagKeys.length === 0) return
      for (const flagKey of flagKeys) emit('flag:' + flagKey)
      emit('change', flagKeys)
    },
  }
}
