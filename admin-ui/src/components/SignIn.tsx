/**
 * The sign-in page: what the server offers (`GET /api/v1/auth/methods`): email and password,
 * single sign-on, and always an admin token, so that the first admin can get in. A failed
 * single sign-on comes back as `#sign-in-error=<message>` and shows here once.
 */
import type { SessionInfo, SignInMethods } from '@andon/core'
import { useEffect, useState } from 'react'
import type { Credentials, SessionApi } from '../lib/session-api.js'
import { ssoStartUrl } from '../lib/session-api.js'
import { signInError, ssoErrorOf } from '../lib/sign-in-error.js'
import { SignInForm } from './SignInForm.js'

/** The SSO error of the URL, taken out of it so that a reload does not show it again. */
function takeSsoError(): string | undefined {
  const location = globalThis.location
  const error = ssoErrorOf(location.hash)
  if (error) globalThis.history.replaceState(null, '', location.pathname + location.search)
  return error
}

/** Where single sign-on brings the person back: the page they were on. */
function returnPath(): string {
  const { pathname, hash } = globalThis.location
  return hash.startsWith('#/') ? `${pathname}${hash}` : pathname
}

export function SignIn(props: {
  sessionApi: SessionApi
  onSignedIn(info: SessionInfo): void
  /** Why the person is here again (the session ended). */
  notice?: string
}) {
  const { sessionApi, onSignedIn } = props
  const [methods, setMethods] = useState<SignInMethods>()
  const [methodsError, setMethodsError] = useState<string>()
  const [ssoError] = useState(takeSsoError)

  useEffect(() => {
    let current = true
    sessionApi.methods().then(
      (m) => current && setMethods(m),
      () => current && setMethodsError('Could not ask the server how to sign in.'),
    )
    return () => {
      current = false
    }
  }, [sessionApi])

  async function signIn(credentials: Credentials) {
    try {
      onSignedIn(await sessionApi.signIn(credentials))
      return undefined
    } catch (e) {
      return signInError(e, 'token' in credentials ? 'token' : 'password')
    }
  }
  return (
    <main className="sign-in">
      <div className="card sign-in-card">
        <h1>
          <span className="logo" aria-hidden="true" /> Andon
        </h1>
        <p className="muted">Feature flags with an immune system.</p>
        {props.notice && <p className="notice notice-warning">{props.notice}</p>}
        {ssoError && <p className="notice notice-error">{ssoError}</p>}
        {methodsError && <p className="notice notice-warning">{methodsError}</p>}
        {methods === undefined && !methodsError && <p className="muted">Loading…</p>}
        {methods?.sso && (
          <a className="button-link sso-link" href={ssoStartUrl(returnPath())}>
            Sign in with {methods.sso.name}
          </a>
        )}
        {(methods !== undefined || methodsError) && (
          <SignInForm passwordOffered={methods?.password === true} onSignIn={signIn} />
        )}
      </div>
    </main>
  )
}
