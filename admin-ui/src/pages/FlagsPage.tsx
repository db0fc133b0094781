/**
 * The flag list: search, a tag filter, and a switch per environment that is the kill switch.
 * Rows are memoized and the search is deferred, so 1,000 flags stay responsive; the switches
 * follow each environment's admin stream.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react'
import { CreateFlagForm } from '../components/CreateFlagForm.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { FlagRow } from '../components/FlagRow.js'
import { useAsync } from '../hooks/useAsync.js'
import { useLiveEnvironments } from '../hooks/useLiveEnvironment.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { useSession } from '../hooks/useSession.js'
import { filterFlags, indexFlags } from '../lib/flag-filter.js'
import { flagSummary } from '../lib/flag-summary.js'
import { flagPatch } from '../lib/live-registry.js'
import { routeHref } from '../lib/route.js'

export function FlagsPage() {
  const { api, live } = useSession()
  const navigate = useNavigate()
  const envs = useAsync(() => api.environments(), [api])
  const flags = useAsync(() => api.flags(), [api])
  const envKeys = useMemo(() => (envs.data ?? []).map((e) => e.key), [envs.data])
  const lives = useLiveEnvironments(envKeys)
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState('')
  const [creating, setCreating] = useState(false)
  const [busy, setBusy] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const deferredQuery = useDeferredValue(query)

  // "/" jumps to the search box, as in many list pages, unless the person is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      const typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault()
        globalThis.document.getElementById('flag-search')?.focus()
      }
    }
    globalThis.addEventListener('keydown', onKey)
    return () => globalThis.removeEventListener('keydown', onKey)
  }, [])

  const index = useMemo(() => indexFlags(flags.data ?? []), [flags.data])
  const shown = useMemo(() => filterFlags(index, deferredQuery, tag), [index, deferredQuery, tag])

  // Flags created or archived elsewhere show up in the streams first: reload the list then.
  const payloadKeys = lives
    .map((l) => (l?.state.payload ? Object.keys(l.state.payload.flags).sort().join(',') : ''))
    .find((k) => k !== '')
  const metaKeys = useMemo(
    () =>
      index.flags
        .map((f) => f.key)
        .sort()
        .join(','),
    [index],
  )
  const { reload } = flags
  useEffect(() => {
    if (payloadKeys !== undefined && flags.data && payloadKeys !== metaKeys) reload()
  }, [payloadKeys])

  const onToggle = useCallback(
    async (flag: string, env: string, enabled: boolean) => {
      setBusy((b) => ({ ...b, [flag]: env }))
      setError(undefined)
      try {
        live.applyLocal(env, flagPatch(await api.updateFlagConfig(flag, env, { enabled })))
      } catch (e) {
        setError(`${flag} in ${env}: ${(e as Error).message}`)
      } finally {
        setBusy(({ [flag]: _done, ...rest }) => rest)
      }
    },
    [api, live],
  )

  return (
    <section aria-labelledby="flags-title">
      <div className="page-head">
        <h1 id="flags-title">Flags</h1>
        <button
          type="button"
          className="primary"
          onClick={() => setCreating(true)}
          disabled={creating}
        >
          New flag
        </button>
      </div>
      {creating && (
        <CreateFlagForm
          onCancel={() => setCreating(false)}
          onCreated={(flag) => {
            setCreating(false)
            flags.reload()
            navigate(routeHref({ page: 'flag', key: flag.key }))
          }}
        />
      )}
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="flag-search">Search flags</label>
          <input
            id="flag-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="key, name or description (press /)"
          />
        </div>
        <div className="field">
          <label htmlFor="flag-tag">Tag</label>
          <select id="flag-tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {index.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <p className="muted count" aria-live="polite">
          {shown.length} of {index.flags.length} flags
        </p>
      </div>
      <ErrorNote error={error ?? flags.error ?? envs.error} />
      {flags.loading && !flags.data ? (
        <p className="muted">Loading flags…</p>
      ) : index.flags.length === 0 ? (
        <p className="empty">No flags yet. Create the first one with “New flag”.</p>
      ) : (
        <table className="flag-table">
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">Tags</th>
              {envKeys.map((env) => (
                <th scope="col" key={env} className="switch-cell">
                  {env}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((flag) => (
              <FlagRow
                key={flag.key}
                flag={flag}
                envs={envKeys}
                states={lives
                  .map((l) => {
                    const f = l?.state.payload?.flags[flag.key]
                    return f ? (f.enabled ? '1' : '0') : '-'
                  })
                  .join('')}
                summaries={lives
                  .map((l) => flagSummary(l?.state.payload?.flags[flag.key]))
                  .join('\n')}
                busyEnv={busy[flag.key]}
                onToggle={onToggle}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
