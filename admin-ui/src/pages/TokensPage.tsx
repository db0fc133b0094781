/**
 * Tokens of the admin API (for the CLI, pipelines, scripts): an admin sees every one, anyone
 * else their own. Create one (its secret is shown once) and revoke.
 */
import { RevokeButton } from '../components/RevokeButton.js'
import type { TokenInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { CreateTokenForm } from '../components/CreateTokenForm.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { SecretOnce } from '../components/SecretOnce.js'
import { TableScroll } from '../components/TableScroll.js'
import { useEnvironmentKeys } from '../hooks/useAdminQueries.js'
import { useNow } from '../hooks/useNow.js'
import { useIsAdmin } from '../hooks/usePermission.js'
import { useMe } from '../hooks/useMe.js'
import { useSession } from '../hooks/useSession.js'
import { useMembers, useTokens } from '../hooks/useTeamQueries.js'
import { formatTime } from '../lib/format-time.js'
import { queryKeys } from '../lib/query-keys.js'
import { ownerName, tokenState } from '../lib/token-form.js'

const NONE: string[] = []

export function TokensPage() {
  const { api } = useSession()
  const me = useMe()
  const admin = useIsAdmin()
  const queryClient = useQueryClient()
  const tokens = useTokens()
  const members = useMembers(admin).data
  const environments = useEnvironmentKeys().data ?? NONE
  const [secret, setSecret] = useState<{ secret: string; name: string }>()
  const [confirm, setConfirm] = useState<number>()
  const [error, setError] = useState<string>()
  const revoke = useMutation({
    mutationFn: (id: number) => api.revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
    onError: (e) => setError(e.message),
  })
  // Whether a token has expired, checked again each minute.
  const now = useNow(true, 60_000)

  function revokeNow(token: TokenInfo) {
    setConfirm(undefined)
    setError(undefined)
    revoke.mutate(token.id)
  }

  return (
    <section aria-labelledby="tokens-title">
      <div className="page-head">
        <h1 id="tokens-title">Tokens</h1>
      </div>
      <p className="muted">
        {admin ? 'Every token of the admin API. ' : 'Your tokens of the admin API. '}A token works
        with <code>Authorization: Bearer …</code> for the CLI and pipelines.
      </p>
      {secret && (
        <SecretOnce secret={secret.secret} name={secret.name} onDone={() => setSecret(undefined)} />
      )}
      <ErrorNote error={error ?? tokens.error} />
      <div className="card">
        <TableScroll label="Tokens">
          <table className="keys tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Scopes</th>
                <th scope="col">Owner</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(tokens.data ?? []).map((t) => {
                const state = tokenState(t, now)
                return (
                  <tr key={t.id} className={state === 'active' ? undefined : 'revoked'}>
                    <td>
                      {t.name} <code className="muted">{t.hint}</code>
                    </td>
                    <td>{t.type}</td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>{ownerName(t, me, members)}</td>
                    <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
                    <td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
                    <td>{state}</td>
                    <td>
                      {t.revokedAt === null && (
                        <RevokeButton
                          name={t.name}
                          asking={confirm === t.id}
                          onAsk={() => setConfirm(t.id)}
                          onCancel={() => setConfirm(undefined)}
                          onRevoke={() => revokeNow(t)}
                        />
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
      </div>
      {tokens.data?.length === 0 && <p className="muted">No tokens yet.</p>}
      <CreateTokenForm
        environments={environments}
        onCreated={(created) => {
          setError(undefined)
          setSecret({ secret: created.token, name: created.name })
        }}
      />
    </section>
  )
}
