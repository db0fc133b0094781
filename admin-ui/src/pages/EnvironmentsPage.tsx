/**
 * Environments and their keys: create an environment, create and revoke keys. No stream tells
 * of new environments, so the list is asked for again every few seconds while the page is seen.
 */
import { keySchema } from '@andon/core'
import { useEffect, useState, type FormEvent } from 'react'
import { ErrorNote } from '../components/ErrorNote.js'
import { KeysPanel } from '../components/KeysPanel.js'
import { useAsync } from '../hooks/useAsync.js'
import { useSession } from '../hooks/useSession.js'
import { startRefresher } from '../lib/refresher.js'

export const ENVIRONMENTS_REFRESH_MS = 3000

export function EnvironmentsPage() {
  const { api } = useSession()
  const envs = useAsync(() => api.environments(), [api])
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const { reload } = envs
  useEffect(() => {
    const r = startRefresher({
      load: reload,
      intervalMs: ENVIRONMENTS_REFRESH_MS,
      immediate: false,
      isVisible: () => globalThis.document?.visibilityState !== 'hidden',
    })
    return () => r.stop()
  }, [reload])

  async function create(event: FormEvent) {
    event.preventDefault()
    const check = keySchema.safeParse(key.trim())
    if (!check.success) {
      setError(`Key ${check.error.issues[0]?.message}`)
      return
    }
    try {
      await api.createEnvironment({ key: key.trim(), name: name.trim() || key.trim() })
      setKey('')
      setName('')
      setError(undefined)
      envs.reload()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <section aria-labelledby="envs-title">
      <div className="page-head">
        <h1 id="envs-title">Environments and keys</h1>
      </div>
      <form className="card inline-form" onSubmit={create}>
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
        <button type="submit" className="primary" disabled={!key.trim()}>
          Create environment
        </button>
      </form>
      <ErrorNote error={error ?? envs.error} />
      {(envs.data ?? []).map((env) => (
        <KeysPanel key={env.key} env={env.key} />
      ))}
    </section>
  )
}
