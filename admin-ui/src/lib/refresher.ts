/**
 * When to load a guard's figures again: at once on start, every `intervalMs` while the page
 * is visible, and at once when the stream brings a new version of the flag. Timers and
 * visibility are handed in, so tests drive them with fakes.
 */
export interface RefresherOptions {
  load(): void
  intervalMs: number
  isVisible?(): boolean
  setInterval?(fn: () => void, ms: number): unknown
  clearInterval?(timer: unknown): void
}

export interface Refresher {
  /** The flag's version on the stream; a change (not the first sighting) loads at once. */
  flagVersion(version: number | undefined): void
  stop(): void
}

export function startRefresher(options: RefresherOptions): Refresher {
  const every = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms))
  const clear =
    options.clearInterval ??
    ((t) => globalThis.clearInterval(t as ReturnType<typeof globalThis.setInterval>))
  const visible = options.isVisible ?? (() => true)
  let seen: number | undefined
  let stopped = false
  options.load()
  const timer = every(() => {
    if (!stopped && visible()) options.load()
  }, options.intervalMs)
  return {
    flagVersion(version) {
      if (stopped || version === undefined) return
      if (seen !== undefined && version !== seen) options.load()
      seen = version
    },
    stop() {
      stopped = true
      clear(timer)
    },
  }
}
