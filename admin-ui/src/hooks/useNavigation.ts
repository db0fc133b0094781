/**
 * The app's navigation (lib/hash-navigation.ts) for every component: the Shell provides it;
 * editors hold it while they have unsaved edits, and pages move with `useNavigate`.
 */
import { createContext, useCallback, useContext } from 'react'
import type { Navigation } from '../lib/hash-navigation.js'

export const NavigationContext = createContext<Navigation | undefined>(undefined)

export function useNavigation(): Navigation | undefined {
  return useContext(NavigationContext)
}

/** Goes to a route's href; with `force`, without asking about unsaved edits. */
export function useNavigate(): (href: string, options?: { force?: boolean }) => void {
  const navigation = useNavigation()
  return useCallback(
    (href, options) => {
      if (navigation) navigation.go(href, options)
      else globalThis.location.hash = href
    },
    [navigation],
  )
}
