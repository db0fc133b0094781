/**
 * Asks before unsaved edits are dropped: the browser's prompt when the tab is closed or
 * reloaded, and the app's own (see lib/hash-navigation.ts) when a link, back or forward would
 * leave the page inside the app.
 */
import { useEffect } from 'react'
import { useNavigation } from './useNavigation.js'

export function useWarnBeforeLeaving(dirty: boolean): void {
  const navigation = useNavigation()
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    globalThis.addEventListener('beforeunload', warn)
    const release = navigation?.hold()
    return () => {
      globalThis.removeEventListener('beforeunload', warn)
      release?.()
    }
  }, [dirty, navigation])
}
