/** The client's status as a hook, for loading states and "offline" badges. */
import { useCallback, useContext, useSyncExternalStore } from 'react'
import type { ClientStatus } from '../types.js'
import { AndonContext, NO_CLIENT_STATUS } from './context.js'

/**
 * The client's status; the component re-renders when it changes.
 * @example
 * const { ready, stale } = useAndonStatus()
 * if (stale) return <Badge>offline: showing saved settings</Badge>
 */
export function useAndonStatus(): ClientStatus {
  const client = useContext(AndonContext)
  const subscribe = useCallback(
    (onChange: () => void) => (client ? client.on('status', onChange) : () => {}),
    [client],
  )
  return useSyncExternalStore(
    subscribe,
    () => (client ? client.status() : NO_CLIENT_STATUS),
    // While hydrating: what server rendering saw, so the HTML matches.
    () => (client ? client.initialStatus() : NO_CLIENT_STATUS),
  )
}
