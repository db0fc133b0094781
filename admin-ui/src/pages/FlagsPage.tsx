/**
 * The flag list: search, a tag filter, and a switch per environment that is the kill switch,
 * marked when a guard or an alert switched the flag off. Rows are memoized and the search is
 * deferred, so 1,000 flags stay responsive; the switches follow each environment's admin
 * stream, which also makes the list stale when flags are created or archived elsewhere.
 */
import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { ConfirmChangeDialog } from '../components/ConfirmChangeDialog.js'
import { CreateFlagForm } from '../components/CreateFlagForm.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { FlagRow } from '../components/FlagRow.js'
import { TableScroll } from '../components/TableScroll.js'
import { useCriticalEnvironments, useEnvironmentKeys, useFlags } from '../hooks/useAdminQueries.js'
import { useFlagSwitch } from '../hooks/useFlagSwitch.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useLiveEnvironments } from '../hooks/useLiveEnvironment.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { useOffReasons } from '../hooks/useOffReasons.js'
import { counted } from '../lib/counted.js'
import { filterFlags, indexFlags } from '../lib/flag-filter.js'
import { flagSummary } from '../lib/flag-summary.js'
import { offReasonKey, offSentence } from '../lib/off-reason.js'
import { routeHref } from '../lib/route.js'
import { useEvaluations } from '../hooks/useInsights.js'
import type { FlagEvaluations } from '../lib/insights-model.js'

const NO_ENVIRONMENTS: string[] = []

export function FlagsPage() {
  const navigate = useNavigate()
  const envs = useEnvironmentKeys()
  const flags = useFlags()
  const envKeys = envs.data ?? NO_ENVIRONMENTS
  const lives = useLiveEnvironments(envKeys)
  const reasons = useOffReasons()
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState('')
  const [creating, setCreating] = useState(false)
  const { toggle: onToggle, busy, error, requested, confirmation } = useFlagSwitch()
  const cannotDefine = useReasonNot({ kind: 'define' })
  const deferredQuery = useDeferredValue(query)
  // Evaluations are charted for one environment at a time: the critical one, unless chosen.
  const critical = useCriticalEnvironments()
  const [chosenEnv, setChosenEnv] = useState<string>()
  const evaluationsEnv = chosenEnv ?? critical?.split('\n')[0] ?? envKeys[0]
  const evaluations = useEvaluations(evaluationsEnv, 30)
  const evaluatedByFlag = useMemo(
    () => new Map<string, FlagEvaluations>((evaluations.data?.flags ?? []).map((f) => [f.flag, f])),
    [evaluations.data],
  )

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

  return (
    <section aria-labelledby="flags-title">
      <div className="page-head">
        <h1 id="flags-title">Flags</h1>
        <button
          type="button"
          className="primary"
          onClick={() => setCreating(true)}
          disabled={creating || cannotDefine !== undefined}
          aria-describedby={cannotDefine ? 'new-flag-why' : undefined}
        >
          New flag
        </button>
      </div>
      {cannotDefine && (
        <p className="muted hint" id="new-flag-why">
          {cannotDefine.replace(/\.$/, '')} to create flags.
        </p>
      )}
      {creating && (
        <CreateFlagForm
          onCancel={() => setCreating(false)}
          onCreated={(flag) => {
            setCreating(false)
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
        {envKeys.length > 0 && (
          <div className="field">
            <label htmlFor="evaluations-env">Evaluations in</label>
            <select
              id="evaluations-env"
              value={evaluationsEnv ?? ''}
              onChange={(e) => setChosenEnv(e.target.value)}
            >
              {envKeys.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="muted count" aria-live="polite">
          {shown.length.toLocaleString('en-US')} of {counted(index.flags.length, 'flag')}
        </p>
      </div>
      <ErrorNote error={error ?? flags.error ?? envs.error} />
      {requested && (
        <p className="notice notice-warning" role="status">
          {requested} <a href={routeHref({ page: 'changes' })}>See the change requests</a>
        </p>
      )}
      {flags.isPending ? (
        <p className="muted">Loading flags…</p>
      ) : index.flags.length === 0 ? (
        <p className="empty">No flags yet. Create the first one with “New flag”.</p>
      ) : (
        <TableScroll label="Flag table">
          <table className="flag-table">
            <thead>
              <tr>
                <th scope="col">Flag</th>
                <th scope="col">Tags</th>
                {evaluations.data && (
                  <th scope="col" className="evaluations-cell">
                    Evaluations, 30 days
                  </th>
                )}
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
                  offMarks={lives
                    .map((l, i) => {
                      const f = l?.state.payload?.flags[flag.key]
                      const reason = reasons.get(offReasonKey(flag.key, envKeys[i] ?? ''))
                      return f && !f.enabled && reason ? `${reason.by}\t${offSentence(reason)}` : ''
                    })
                    .join('\n')}
                  busyEnv={busy[flag.key]}
                  onToggle={onToggle}
                  evaluations={evaluations.data}
                  evaluated={evaluatedByFlag.get(flag.key)}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {confirmation.question && (
        <ConfirmChangeDialog
          question={confirmation.question}
          onConfirm={confirmation.confirm}
          onCancel={confirmation.cancel}
        />
      )}
    </section>
  )
}
