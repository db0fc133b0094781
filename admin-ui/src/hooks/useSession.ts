/** The signed-in session (lib/session.ts) for every page. */
import { createContext, useContext } from 'react'
import type { Session } from '../lib/session.js'

export type { Session } from '../lib/session.js'

export const SessionContext = createContext<Session | undefined>(undefined)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in session')
  return session
}
