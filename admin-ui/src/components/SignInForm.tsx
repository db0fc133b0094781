/**
 * The sign-in form: email and password (when the server offers them) or an admin token (the
 * first admin's ANDON_ADMIN_TOKEN, or any token of the admin API), under one Sign in button.
 * The server answers with a session cookie; the page keeps no copy of the secret.
 */
import { useState, type FormEvent } from 'react'
import type { Credentials } from '../lib/session-api.js'
import { credentialsOf, type SignInFields } from '../lib/sign-in-form.js'

export function SignInForm(props: {
  passwordOffered: boolean
  /** Signs in; the sentence of what went wrong, or undefined once signed in. */
  onSignIn(credentials: Credentials): Promise<string | undefined>
}) {
  const [fields, setFields] = useState<SignInFields>({ email: '', password: '', token: '' })
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const set = (change: Partial<SignInFields>) => setFields((f) => ({ ...f, ...change }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const credentials = credentialsOf(fields, props.passwordOffered)
    if (typeof credentials === 'string') {
      setError(credentials)
      return
    }
    setBusy(true)
    setError(await props.onSignIn(credentials))
    setBusy(false)
  }

  const invalid = error ? true : undefined
  const described = error ? 'sign-in-error' : undefined
  return (
    <form onSubmit={(e) => void submit(e)} className="sign-in-form" aria-label="Sign in">
      {props.passwordOffered && (
        <>
          <label htmlFor="sign-in-email">Email</label>
          <input
            id="sign-in-email"
            type="email"
            autoComplete="username"
            value={fields.email}
            onChange={(e) => set({ email: e.target.value })}
            aria-invalid={invalid}
            aria-describedby={described}
            autoFocus
          />
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            value={fields.password}
            onChange={(e) => set({ password: e.target.value })}
            aria-invalid={invalid}
            aria-describedby={described}
          />
          <p className="sign-in-or muted" aria-hidden="true">
            or
          </p>
        </>
      )}
      <label htmlFor="admin-token">Admin token</label>
      <input
        id="admin-token"
        type="password"
        autoComplete="off"
        value={fields.token}
        onChange={(e) => set({ token: e.target.value })}
        aria-invalid={invalid}
        aria-describedby={error ? 'sign-in-error admin-token-hint' : 'admin-token-hint'}
        autoFocus={!props.passwordOffered}
      />
      <p className="muted hint" id="admin-token-hint">
        {props.passwordOffered ? 'Instead of a password: ' : ''}the first admin signs in with the
        ANDON_ADMIN_TOKEN the server was started with.
      </p>
      {error && (
        <p id="sign-in-error" className="field-issues" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
