/** The SDK keys of one environment: create (secret shown once) and revoke. */
import { useState, type FormEvent } from 'react'
import { useAsync } from '../hooks/useAsync.js'
import { useSession } from '../hooks/useSession.js'
import { formatTime } from '../lib/format-time.js'
import { ErrorNote } from './ErrorNote.js'
import { SecretOnce } from './SecretOnce.js'

export function KeysPanel(props: { env: string }) {
  const { api } = useSession()
  const keys = useAsync(() => api.keys(props.env), [api, props.env])
  const [kind, setKind] = useState<'server' | 'client' | 'hook'>('server')
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<{ secret: string; name: string }>()
  const [confirm, setConfirm] = useState<number>()
  const [error, setError] = useState<string>()
  const id = `keys-${props.env}`

  async function create(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      const created = await api.createKey(props.env, { kind, name: name.trim() })
      if (created.secret) setSecret({ secret: created.secret, name: name.trim() })
      setName('')
      keys.reload()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  async function revoke(keyId: number) {
    setConfirm(undefined)
    try {
      await api.revokeKey(keyId)
      keys.reload()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.env}</h2>
      {secret && (
        <SecretOnce secret={secret.secret} name={secret.name} onDone={() => setSecret(undefined)} />
      )}
      <ErrorNote error={error ?? keys.error} />
      <table className="keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(keys.data ?? []).map((k) => (
            <tr key={k.id} className={k.revokedAt ? 'revoked' : undefined}>
              <td>{k.name}</td>
              <td>{k.kind}</td>
              <td>
                <code>{k.hint ?? '…'}</code>
              </td>
              <td>{formatTime(k.createdAt)}</td>
              <td>
                {k.revokedAt ? (
                  <span className="muted">revoked {formatTime(k.revokedAt)}</span>
                ) : confirm === k.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => void revoke(k.id)}>
                      Revoke {k.name} now
                    </button>{' '}
                    <button type="button" onClick={() => setConfirm(undefined)}>
                      Cancel
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="danger-outline"
                    aria-label={`Revoke ${k.name}`}
                    onClick={() => setConfirm(k.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={create}>
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as 'server' | 'client' | 'hook')}
        >
          <option value="server">server (all flags)</option>
          <option value="client">client (client-side flags only)</option>
          <option value="hook">hook (external monitoring)</option>
        </select>
        <label htmlFor={`${id}-name`}>Key name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="checkout-service"
        />
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create key
        </button>
      </form>
    </section>
  )
}
