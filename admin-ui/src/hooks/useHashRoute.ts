/** The current hash route, following back/forward and link clicks. */
import { useEffect, useState } from 'react'
import { parseRoute, type Route } from '../lib/route.js'

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(globalThis.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(globalThis.location.hash))
    globalThis.addEventListener('hashchange', onChange)
    return () => globalThis.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
