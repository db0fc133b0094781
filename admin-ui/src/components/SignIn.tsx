/** Sign-in with an admin token; a wrong token says so instead of failing silently. */
import { useState, type FormEvent } from 'react'

export function SignIn(props: {
  onSignIn(token: string): Promise<string | undefined>
  notice?: string
}) {
  const [token, setToken] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(await props.onSignIn(token.trim()))
    setBusy(false)
  }

  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="logo" aria-hidden="true" /> Andon
        </h1>
        <p className="muted">Feature flags with an immune system.</p>
        {props.notice && <p className="notice notice-warning">{props.notice}</p>}
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
          required
          autoFocus
        />
        {error && (
          <p id="sign-in-error" className="field-issues" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
