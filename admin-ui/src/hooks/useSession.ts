/** The signed-in session: the admin API client and the live environments, for every page. */
import { createContext, useContext } from 'react'
import type { AndonApi } from '../lib/andon-api.js'
import type { LiveRegistry } from '../lib/live-registry.js'

export interface Session {
  api: AndonApi
  live: LiveRegistry
  signOut(): void
}

export const SessionContext = createContext<Session | undefined>(undefined)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in session')
  return session
}
