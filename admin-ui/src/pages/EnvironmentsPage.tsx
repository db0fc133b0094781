/**
 * Environments and their keys: create an environment, mark it critical, create and revoke
 * keys. No stream tells of new environments, so the list is asked for again every few seconds
 * while the page is seen.
 */
import { keySchema } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ErrorNote } from '../components/ErrorNote.js'
import { KeysPanel } from '../components/KeysPanel.js'
import { EnvironmentSettingField } from '../components/EnvironmentSettingField.js'
import { useEnvironments } from '../hooks/useAdminQueries.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { queryKeys } from '../lib/query-keys.js'
import { routeHref } from '../lib/route.js'

export const ENVIRONMENTS_REFRESH_MS = 3000

export function EnvironmentsPage() {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const envs = useEnvironments(ENVIRONMENTS_REFRESH_MS)
  const notAdmin = useReasonNot({ kind: 'admin' })
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const create = useMutation({
    mutationFn: (input: { key: string; name: string }) => api.createEnvironment(input),
    onSuccess: () => {
      setKey('')
      setName('')
      setError(undefined)
      return queryClient.invalidateQueries({ queryKey: queryKeys.environments })
    },
    onError: (e) => setError(e.message),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const check = keySchema.safeParse(key.trim())
    if (!check.success) {
      setError(`Key ${check.error.issues[0]?.message}`)
      return
    }
    create.mutate({ key: key.trim(), name: name.trim() || key.trim() })
  }

  return (
    <section aria-labelledby="envs-title">
      <div className="page-head">
        <h1 id="envs-title">Environments and keys</h1>
      </div>
      {notAdmin && (
        <p className="notice">
          {notAdmin} Admins create environments and keys and change their settings.
        </p>
      )}
      {notAdmin === undefined && (
        <form className="card inline-form" onSubmit={submit}>
          <label htmlFor="new-env-key">New environment key</label>
          <input
            id="new-env-key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="staging"
          />
          <label htmlFor="new-env-name">Name</label>
          <input
            id="new-env-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Staging"
          />
          <button type="submit" className="primary" disabled={!key.trim() || create.isPending}>
            Create environment
          </button>
        </form>
      )}
      <ErrorNote error={error ?? envs.error} />
      {(envs.data ?? []).map((env) => (
        <KeysPanel key={env.key} env={env.key}>
          <EnvironmentSettingField
            env={env}
            setting="critical"
            label="Critical environment"
            hint="Every change to a flag here, the switch included, asks for a confirmation that says what changes, with an optional comment for the audit log."
          />
          <EnvironmentSettingField
            env={env}
            setting="requireApproval"
            label="Require approval"
            hint={
              <>
                Edits of flags here wait until another editor approves them on the{' '}
                <a href={routeHref({ page: 'changes', env: env.key })}>Change requests</a> page.
                Switching a flag off always applies at once.
              </>
            }
          />
        </KeysPanel>
      ))}
    </section>
  )
}
