/**
 * Creates a token: personal (acts for the signed-in person, never beyond what they may do) or,
 * for admins, a service token for a machine; scopes and an optional expiry. The secret is
 * shown once by the page.
 */
import type { CreatedToken, TokenType } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useIsAdmin } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { queryKeys } from '../lib/query-keys.js'
import type { NewToken } from '../lib/team-api.js'
import { EXPIRY_DAYS, expiresAtOf, expiryLabel, scopesOf } from '../lib/token-form.js'
import { ErrorNote } from './ErrorNote.js'

export function CreateTokenForm(props: {
  environments: readonly string[]
  onCreated(token: CreatedToken): void
}) {
  const { api } = useSession()
  const admin = useIsAdmin()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [type, setType] = useState<TokenType>('personal')
  const [read, setRead] = useState(true)
  const [kill, setKill] = useState(false)
  const [adminScope, setAdminScope] = useState(false)
  const [write, setWrite] = useState<string[]>([])
  const [days, setDays] = useState<number>(90)
  const [error, setError] = useState<string>()
  const create = useMutation({
    mutationFn: (input: NewToken) => api.createToken(input),
    onSuccess: (created) => {
      setName('')
      props.onCreated(created)
      return queryClient.invalidateQueries({ queryKey: queryKeys.tokens })
    },
    onError: (e) => setError(e.message),
  })
  const scopes = scopesOf({ read, kill, admin: adminScope, write })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (scopes.length === 0) {
      setError('Choose at least one scope.')
      return
    }
    setError(undefined)
    const expiresAt = expiresAtOf(days, Date.now())
    create.mutate({ name: name.trim(), type, scopes, ...(expiresAt ? { expiresAt } : {}) })
  }

  const check = (id: string, label: string, checked: boolean, set: (v: boolean) => void) => (
    <span className="field-inline checkbox" key={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => set(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </span>
  )

  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-token-title">
      <h2 id="new-token-title">New token</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="token-name">Token name</label>
          <input
            id="token-name"
            value={name}
            placeholder="deploy pipeline"
            onChange={(e) => setName(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="token-type">Type</label>
          <select
            id="token-type"
            value={type}
            aria-describedby="token-type-hint"
            onChange={(e) => setType(e.target.value as TokenType)}
          >
            <option value="personal">personal (acts for you)</option>
            {admin && <option value="service">service (a machine)</option>}
          </select>
          <p className="muted hint" id="token-type-hint">
            {admin
              ? 'A personal token can do at most what you can; a service token what its scopes say.'
              : 'A personal token can do at most what you can. Admins create service tokens.'}
          </p>
        </div>
      </div>
      <fieldset className="scopes-field">
        <legend>Scopes</legend>
        {check('token-scope-read', 'read everything', read, setRead)}
        {check('token-scope-kill', 'kill (switch flags off anywhere)', kill, setKill)}
        {props.environments.map((env) =>
          check(`token-scope-write-${env}`, `write in ${env}`, write.includes(env), (on) =>
            setWrite((w) => (on ? [...w, env] : w.filter((x) => x !== env))),
          ),
        )}
        {admin && check('token-scope-admin', 'admin (everything)', adminScope, setAdminScope)}
      </fieldset>
      <div className="field">
        <label htmlFor="token-expiry">Expires</label>
        <select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {EXPIRY_DAYS.map((d) => (
            <option key={d} value={d}>
              {expiryLabel(d)}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
          Create token
        </button>
      </div>
    </form>
  )
}
