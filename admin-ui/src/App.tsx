/** The app: sign-in until a token is accepted, then the pages under a navigation bar. */
import { QueryClientProvider } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { Shell } from './components/Shell.js'
import { SignIn } from './components/SignIn.js'
import { SessionContext } from './hooks/useSession.js'
import { createApiClient } from './lib/api-client.js'
import { createAndonApi } from './lib/andon-api.js'
import { createSession } from './lib/session.js'
import { loadToken, saveToken, signInError } from './lib/session-token.js'

const storage = globalThis.sessionStorage

export function App() {
  const [token, setToken] = useState(() => loadToken(storage))
  const [notice, setNotice] = useState<string>()

  const session = useMemo(() => {
    if (!token) return undefined
    const signOut = () => {
      saveToken(storage, undefined)
      setToken(undefined)
    }
    return createSession({
      token,
      onSignOut: signOut,
      onRefused: () => {
        signOut()
        setNotice('The server no longer accepts this admin token: sign in again.')
      },
    })
  }, [token])

  async function signIn(candidate: string): Promise<string | undefined> {
    try {
      await createAndonApi(createApiClient({ token: candidate })).environments()
    } catch (e) {
      return signInError(e)
    }
    saveToken(storage, candidate)
    setNotice(undefined)
    setToken(candidate)
    return undefined
  }

  if (!session) return <SignIn onSignIn={signIn} notice={notice} />
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={session.queryClient}>
        <Shell />
      </QueryClientProvider>
    </SessionContext.Provider>
  )
}
