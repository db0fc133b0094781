/**
 * Moving between the app's hash routes (lib/route.ts) with a guard for unsaved edits. While an
 * editor holds edits, following an in-app link, going back or forward, or a typed address does
 * not move at once: the target becomes a pending question and the current route stays (the
 * address bar is put back) until the person agrees to leave. The browser's location is handed
 * in, so tests drive the whole thing with a fake.
 */
import { parseRoute, routeHref } from './route.js'

export interface HashLocation {
  /** The hash in the address bar, `#/flags` (or '' when none). */
  read(): string
  /** Goes to a hash as a new history entry; the browser then fires `hashchange`. */
  assign(hash: string): void
  /** Puts a hash in the address bar in place of the current entry, without `hashchange`. */
  replace(hash: string): void
}

export interface Navigation {
  /** The hash of the route the app shows. */
  current(): string
  /** Where someone asked to go while edits were unsaved, until they answer. */
  pending(): string | undefined
  subscribe(listener: () => void): () => void
  /** Declares unsaved edits until the returned release is called. */
  hold(): () => void
  /** A click on an in-app link: true when the app takes it over (prevent the browser's default). */
  click(href: string): boolean
  /** The address bar's hash changed (`hashchange`: back, forward, a typed address). */
  changed(): void
  /** Goes to `href` from code; `force` skips the question (what was edited is gone). */
  go(href: string, options?: { force?: boolean }): void
  /** The answer to the pending question: leave (drop the edits) or stay. */
  answer(leave: boolean): void
}

/** Hashes that are routes; others (`#content` of the skip link) are anchors inside the page. */
export function isRouteHash(hash: string): boolean {
  return hash === '' || hash === '#' || hash.startsWith('#/')
}

/** Whether two route hashes show the same route (`''` and `#/flags` do). */
export function sameRoute(a: string, b: string): boolean {
  return routeHref(parseRoute(a)) === routeHref(parseRoute(b))
}

export function createNavigation(location: HashLocation): Navigation {
  const start = location.read()
  let accepted = isRouteHash(start) ? start : ''
  let pending: string | undefined
  const holds = new Set<object>()
  const listeners = new Set<() => void>()
  const emit = () => {
    for (const l of [...listeners]) l()
  }

  function accept(hash: string) {
    accepted = hash
    emit()
  }

  function ask(hash: string) {
    pending = hash
    emit()
  }

  return {
    current: () => accepted,
    pending: () => pending,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    hold() {
      const token = {}
      holds.add(token)
      return () => holds.delete(token)
    },
    click(href) {
      if (!isRouteHash(href) || sameRoute(href, accepted) || holds.size === 0) return false
      ask(href)
      return true
    },
    changed() {
      const hash = location.read()
      if (!isRouteHash(hash) || hash === accepted) return
      if (holds.size === 0 || sameRoute(hash, accepted)) return accept(hash)
      location.replace(accepted)
      ask(hash)
    },
    go(href, options = {}) {
      if (holds.size > 0 && !options.force && !sameRoute(href, accepted)) return ask(href)
      pending = undefined
      accept(href)
      if (location.read() !== href) location.assign(href)
    },
    answer(leave) {
      const target = pending
      pending = undefined
      if (leave && target !== undefined) {
        accept(target)
        if (location.read() !== target) location.assign(target)
      } else emit()
    },
  }
}

/** The browser's address bar as a HashLocation. */
export function browserHashLocation(): HashLocation {
  return {
    read: () => globalThis.location.hash,
    assign: (hash) => {
      globalThis.location.hash = hash
    },
    replace: (hash) => globalThis.history.replaceState(globalThis.history.state, '', hash || '#'),
  }
}

/** The parts of a click that decide whether it navigates in this tab. */
export interface LinkClick {
  button: number
  metaKey: boolean
  ctrlKey: boolean
  shiftKey: boolean
  altKey: boolean
  defaultPrevented: boolean
}

/**
 * The href of an in-app link that a click follows in this tab, or undefined: other buttons,
 * modifier keys (a new tab or window), `target` elsewhere and handled clicks stay the browser's.
 */
export function followedHref(
  click: LinkClick,
  link: { getAttribute(name: string): string | null } | null,
): string | undefined {
  if (!link || click.defaultPrevented || click.button !== 0) return undefined
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return undefined
  const target = link.getAttribute('target')
  if (target && target !== '_self') return undefined
  const href = link.getAttribute('href')
  return href !== null && href.startsWith('#/') ? href : undefined
}
