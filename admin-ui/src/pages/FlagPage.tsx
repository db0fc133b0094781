/**
 * A flag's page: its settings, a tab per environment, the editor of the chosen one and its
 * guards.
 */
import { ErrorNote } from '../components/ErrorNote.js'
import { FlagEnvironment } from '../components/FlagEnvironment.js'
import { FlagMetaPanel } from '../components/FlagMetaPanel.js'
import { useEnvironmentKeys, useFlags } from '../hooks/useAdminQueries.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { routeHref } from '../lib/route.js'

export function FlagPage(props: { flagKey: string; env?: string }) {
  const navigate = useNavigate()
  // Variations are shared by every environment: the stream makes the list stale when they
  // change elsewhere (lib/live-invalidation.ts).
  const flags = useFlags()
  const envs = useEnvironmentKeys()
  const meta = flags.data?.find((f) => f.key === props.flagKey)
  const envKeys = envs.data ?? []
  const env = props.env && envKeys.includes(props.env) ? props.env : envKeys[0]

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
