/**
 * The app: asks the server for the session of the cookie; without one, the sign-in page; with
 * one, the pages under a navigation bar. A 401 anywhere ends the session here too.
 */
import type { SessionInfo } from '@andon/core'
import { QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { Shell } from './components/Shell.js'
import { SignIn } from './components/SignIn.js'
import { SessionContext } from './hooks/useSession.js'
import { createApiClient } from './lib/api-client.js'
import { createSessionApi } from './lib/session-api.js'
import { createSession } from './lib/session.js'

export const SESSION_ENDED = 'Your session ended: sign in again.'

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; info: SessionInfo }

export function App() {
  // Before sign-in there is no CSRF token; the session routes need none.
  const sessionApi = useMemo(() => createSessionApi(createApiClient()), [])
  const [state, setState] = useState<State>({ kind: 'loading' })

  useEffect(() => {
    let current = true
    sessionApi.current().then(
      (info) => {
        if (current) setState(info ? { kind: 'signed-in', info } : { kind: 'signed-out' })
      },
      () => {
        if (current) setState({ kind: 'signed-out', notice: 'Could not reach the server.' })
      },
    )
    return () => {
      current = false
    }
  }, [sessionApi])

  const info = state.kind === 'signed-in' ? state.info : undefined
  const session = useMemo(
    () =>
      info &&
      createSession({
        info,
        // The cookie may hold a newer session (signed in again in another tab): take that one.
        onEnded: () =>
          void sessionApi.current().then(
            (next) =>
              setState(
                next && next.csrfToken !== info.csrfToken
                  ? { kind: 'signed-in', info: next }
                  : { kind: 'signed-out', notice: SESSION_ENDED },
              ),
            () => setState({ kind: 'signed-out', notice: SESSION_ENDED }),
          ),
        onSignOut: () => setState({ kind: 'signed-out' }),
      }),
    [info, sessionApi],
  )

  if (state.kind === 'loading') {
    return (
      <main className="sign-in">
        <p className="muted">Loading…</p>
      </main>
    )
  }
  if (!session) {
    return (
      <SignIn
        sessionApi={sessionApi}
        notice={state.kind === 'signed-out' ? state.notice : undefined}
        onSignedIn={(signedIn) => setState({ kind: 'signed-in', info: signedIn })}
      />
    )
  }
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={session.queryClient}>
        <Shell />
      </QueryClientProvider>
    </SessionContext.Provider>
  )
}
