/**
 * The current hash route, following link clicks, back and forward through the navigation,
 * which keeps the route while edits are unsaved until the person agrees to leave.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { followedHref, type Navigation } from '../lib/hash-navigation.js'
import { parseRoute, type Route } from '../lib/route.js'

export function useHashRoute(navigation: Navigation): Route {
  useEffect(() => {
    const onChange = () => navigation.changed()
    // Bubbling to the document, so clicks a component already handled are left alone.
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null
      const href = followedHref(event, link)
      if (href !== undefined && navigation.click(href)) event.preventDefault()
    }
    globalThis.addEventListener('hashchange', onChange)
    globalThis.document.addEventListener('click', onClick)
    // A hash that changed before this listener was there.
    navigation.changed()
    return () => {
      globalThis.removeEventListener('hashchange', onChange)
      globalThis.document.removeEventListener('click', onClick)
    }
  }, [navigation])
  const hash = useSyncExternalStore(navigation.subscribe, navigation.current)
  return useMemo(() => parseRoute(hash), [hash])
}
