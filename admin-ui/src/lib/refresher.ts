/**
 * When to load something again that no stream pushes (a guard's figures, the environments,
 * the audit log): at once on start, every `intervalMs` while the page is visible, and at once
 * when the stream brings a new version of what it depends on. Timers and visibility are
 * handed in, so tests drive them with fakes.
 */
export interface RefresherOptions {
  load(): void
  intervalMs: number
  /** Whether to load on start too; false when the first load happens elsewhere. */
  immediate?: boolean
  isVisible?(): boolean
  setInterval?(fn: () => void, ms: number): unknown
  clearInterval?(timer: unknown): void
}

export interface Refresher {
  /**
   * The version on the stream (a flag's, or several environments' joined); a change (not the
   * first sighting) loads at once.
   */
  version(version: number | string | undefined): void
  stop(): void
}

export function startRefresher(options: RefresherOptions): Refresher {
  const every = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms))
  const clear =
    options.clearInterval ??
    ((t) => globalThis.clearInterval(t as ReturnType<typeof globalThis.setInterval>))
  const visible = options.isVisible ?? (() => true)
  let seen: number | string | undefined
  let stopped = false
  if (options.immediate !== false) options.load()
  const timer = every(() => {
    if (!stopped && visible()) options.load()
  }, options.intervalMs)
  return {
    version(version) {
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
