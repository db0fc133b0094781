/**
 * Who is signed in, as the server says now: roles change on the server from the next request
 * on, so the page asks for the session again every minute and when the tab comes back, and
 * the controls follow. A 401 on the way ends the session (lib/session.ts).
 */
import type { SessionActor } from '@andon/core'
import { createContext, useContext, useEffect, useState } from 'react'
import type { Session } from '../lib/session.js'
import { useSession } from './useSession.js'

export const ME_REFRESH_MS = 60_000

export const MeContext = createContext<SessionActor | undefined>(undefined)

/** The signed-in person; the session's first answer until a newer one comes. */
export function useMe(): SessionActor {
  const session = useSession()
  return useContext(MeContext) ?? session.me
}

const same = (a: SessionActor, b: SessionActor) => JSON.stringify(a) === JSON.stringify(b)

/** Keeps `me` up to date for the signed-in frame (components/Shell.tsx provides it). */
export function useCurrentMe(session: Session): SessionActor {
  const [me, setMe] = useState(session.me)
  useEffect(() => {
    let current = true
    const refresh = () => {
      session.api.session.current().then(
        (info) => {
          if (current && info) setMe((was) => (same(was, info.me) ? was : info.me))
        },
        () => {},
      )
    }
    const timer = setInterval(refresh, ME_REFRESH_MS)
    const onVisible = () => {
      if (globalThis.document.visibilityState === 'visible') refresh()
    }
    globalThis.document.addEventListener('visibilitychange', onVisible)
    return () => {
      current = false
      clearInterval(timer)
      globalThis.document.removeEventListener('visibilitychange', onVisible)
    }
  }, [session])
  return me
}
