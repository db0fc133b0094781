/** The SDK keys of one environment: create (secret shown once) and revoke. */
import { RevokeButton } from './RevokeButton.js'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent, type ReactNode } from 'react'
import { useKeys } from '../hooks/useAdminQueries.js'
import { useIsAdmin } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { formatTime } from '../lib/format-time.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'
import { SecretOnce } from './SecretOnce.js'
import { TableScroll } from './TableScroll.js'

export function KeysPanel(props: {
  env: string
  /** The environment's own settings, shown under its name. */
  children?: ReactNode
}) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  // Only admins list, create and revoke keys: the others see the environment's settings.
  const admin = useIsAdmin()
  const keys = useKeys(props.env, admin)
  const [kind, setKind] = useState<'server' | 'client' | 'hook'>('server')
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<{ secret: string; name: string }>()
  const [confirm, setConfirm] = useState<number>()
  const [error, setError] = useState<string>()
  const id = `keys-${props.env}`
  const reload = () => queryClient.invalidateQueries({ queryKey: queryKeys.keys(props.env) })
  const createKey = useMutation({
    mutationFn: (input: { kind: typeof kind; name: string }) => api.createKey(props.env, input),
    onSuccess: (created) => {
      setSecret({ secret: created.key, name: created.name })
      setName('')
      return reload()
    },
    onError: (e) => setError(e.message),
  })
  const revokeKey = useMutation({
    mutationFn: (keyId: number) => api.revokeKey(keyId),
    onSuccess: reload,
    onError: (e) => setError(e.message),
  })

  function create(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    createKey.mutate({ kind, name: name.trim() })
  }

  function revoke(keyId: number) {
    setConfirm(undefined)
    setError(undefined)
    revokeKey.mutate(keyId)
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.env}</h2>
      {props.children}
      {secret && (
        <SecretOnce secret={secret.secret} name={secret.name} onDone={() => setSecret(undefined)} />
      )}
      <ErrorNote error={error ?? keys.error} />
      {admin && (
        <TableScroll label={`Keys of ${props.env}`}>
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
                    <code>{k.hint}</code>
                  </td>
                  <td>{formatTime(k.createdAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="muted">revoked {formatTime(k.revokedAt)}</span>
                    ) : (
                      <RevokeButton
                        name={k.name}
                        asking={confirm === k.id}
                        onAsk={() => setConfirm(k.id)}
                        onCancel={() => setConfirm(undefined)}
                        onRevoke={() => revoke(k.id)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {admin && (
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
          <button type="submit" className="primary" disabled={!name.trim() || createKey.isPending}>
            Create key
          </button>
        </form>
      )}
    </section>
  )
}
