/**
 * A flag's page: its settings, a tab per environment, the editor of the chosen one and its
 * guards.
 */
import { ErrorNote } from '../components/ErrorNote.js'
import { FlagEnvironment } from '../components/FlagEnvironment.js'
import { FlagMetaPanel } from '../components/FlagMetaPanel.js'
import { useAsync } from '../hooks/useAsync.js'
import { useEffect } from 'react'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { useSession } from '../hooks/useSession.js'
import { routeHref } from '../lib/route.js'

export function FlagPage(props: { flagKey: string; env?: string }) {
  const { api } = useSession()
  const navigate = useNavigate()
  const flags = useAsync(() => api.flags(), [api])
  const envs = useAsync(() => api.environments(), [api])
  const meta = flags.data?.find((f) => f.key === props.flagKey)
  const envKeys = (envs.data ?? []).map((e) => e.key)
  const env = props.env && envKeys.includes(props.env) ? props.env : envKeys[0]

  // Variations are shared by every environment; when they change elsewhere, load them again.
  const liveVariations = JSON.stringify(
    useLiveEnvironment(env)?.state.payload?.flags[props.flagKey]?.variations ?? null,
  )
  const { reload } = flags
  const knownVariations = JSON.stringify(meta?.variations ?? null)
  useEffect(() => {
    if (
      liveVariations !== 'null' &&
      knownVariations !== 'null' &&
      liveVariations !== knownVariations
    ) {
      reload()
    }
  }, [liveVariations, knownVariations, reload])

  if (flags.error || envs.error) return <ErrorNote error={flags.error ?? envs.error} />
  if (!flags.data || !envs.data) return <p className="muted">Loading…</p>
  if (!meta) {
    return (
      <section>
        <h1>{props.flagKey}</h1>
        <p className="notice notice-error">This flag does not exist or was archived.</p>
        <a href={routeHref({ page: 'flags' })}>Back to the flags</a>
      </section>
    )
  }
  return (
    <section aria-labelledby="flag-title" className="flag-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <a href={routeHref({ page: 'flags' })}>Flags</a> / <span>{meta.key}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 id="flag-title">{meta.key}</h1>
          {(meta.name !== meta.key || meta.description) && (
            <p className="muted">
              {meta.name !== meta.key && <strong>{meta.name}</strong>} {meta.description}
            </p>
          )}
        </div>
        <div className="tags">
          {meta.clientSide && <span className="tag tag-public">client-side</span>}
          {meta.tags.map((t) => (
            <span className="tag" key={t}>
              {t}
            </span>
          ))}
        </div>
      </div>
      <FlagMetaPanel
        key={JSON.stringify(meta)}
        meta={meta}
        onSaved={(saved) =>
          flags.set((flags.data ?? []).map((f) => (f.key === saved.key ? { ...f, ...saved } : f)))
        }
        // The flag is gone, and its unsaved edits with it: nothing to ask about.
        onArchived={() => navigate(routeHref({ page: 'flags' }), { force: true })}
      />
      <nav aria-label="Environments" className="env-tabs">
        {envKeys.map((key) => (
          <a
            key={key}
            href={routeHref({ page: 'flag', key: meta.key, env: key })}
            aria-current={key === env ? 'page' : undefined}
          >
            {key}
          </a>
        ))}
      </nav>
      {env && (
        <FlagEnvironment key={`${meta.key}/${env}`} meta={meta} env={env} flags={flags.data} />
      )}
    </section>
  )
}
