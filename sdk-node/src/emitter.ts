/**
 * A small typed event emitter. Unlike node:events it never throws for an `error` event
 * without listeners, and a listener that throws cannot break the stream handling that
 * called it: the throw is reported to `onListenerError` instead.
 */

/** Listeners take whatever their event carries; the public types say which. */
type Listener = (...args: never[]) => void

/**
 * @example
 * const emitter = new Emitter((event, error) => console.warn(event, error))
 * emitter.on('change', (keys: string[]) => {})
 * emitter.emit('change', ['a'])
 */
export class Emitter {
  readonly #listeners = new Map<string, Listener[]>()

  constructor(private readonly onListenerError: (event: string, error: unknown) => void) {}

  on(event: string, listener: Listener): void {
    const list = this.#listeners.get(event)
    if (list) list.push(listener)
    else this.#listeners.set(event, [listener])
  }

  off(event: string, listener: Listener): void {
    const list = this.#listeners.get(event)
    if (!list) return
    const i = list.lastIndexOf(listener)
    if (i >= 0) list.splice(i, 1)
    if (list.length === 0) this.#listeners.delete(event)
  }

  once(event: string, listener: Listener): void {
    const wrapper: Listener = (...args) => {
      this.off(event, wrapper)
      listener(...args)
    }
    this.on(event, wrapper)
  }

  has(event: string): boolean {
    return this.#listeners.has(event)
  }

  emit(event: string, ...args: unknown[]): void {
    const list = this.#listeners.get(event)
    if (!list) return
    for (const listener of [...list]) {
      try {
        ;(listener as (...values: unknown[]) => void)(...args)
      } catch (error) {
        this.onListenerError(event, error)
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}
