/**
 * The audit log, newest first, filtered by flag and environment, each entry with its diff;
 * new entries appear on top as they are written (hooks/useAuditLog.ts).
 */
import { useMemo, useState } from 'react'
import { AuditDetailList } from '../components/AuditDetailList.js'
import { DiffTable } from '../components/DiffTable.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { useAsync } from '../hooks/useAsync.js'
import { useAuditLog } from '../hooks/useAuditLog.js'
import { useLiveEnvironments } from '../hooks/useLiveEnvironment.js'
import { useSession } from '../hooks/useSession.js'
import { afterWithoutDetail, auditDetail } from '../lib/audit-detail.js'
import { formatTime } from '../lib/format-time.js'

export function AuditPage() {
  const { api } = useSession()
  const envs = useAsync(() => api.environments(), [api])
  const [flag, setFlag] = useState('')
  const [environment, setEnvironment] = useState('')
  // Flag and segment changes reach the environments' streams first: look for entries then.
  const followed = useMemo(
    () => (environment ? [environment] : (envs.data ?? []).map((e) => e.key)),
    [environment, envs.data],
  )
  const versions = useLiveEnvironments(followed).map((l) => l?.state.payload?.version)
  const streamVersion =
    versions.length > 0 && versions.every((v) => v !== undefined) ? versions.join(',') : undefined
  const log = useAuditLog({ flag: flag.trim(), environment }, streamVersion)
  const { entries, more, error } = log

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" onClick={() => void log.refresh()}>
          Refresh
        </button>
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-flag">Flag key</label>
          <input id="audit-flag" value={flag} onChange={(e) => setFlag(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-env">Environment</label>
          <select
            id="audit-env"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value)}
          >
            <option value="">All environments</option>
            {(envs.data ?? []).map((e) => (
              <option key={e.key} value={e.key}>
                {e.key}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={error} />
      <ol className="audit-list">
        {entries.map((entry) => {
          const detail = auditDetail(entry)
          return (
            <li key={entry.id} className="card">
              <details>
                <summary>
                  <span className="audit-when">{formatTime(entry.at)}</span>{' '}
                  <strong>{entry.actor}</strong>{' '}
                  <span className="audit-action">{entry.action}</span> {entry.targetKind}{' '}
                  <code>{entry.targetKey}</code>
                  {entry.environment && <span className="tag">{entry.environment}</span>}
                  {detail && <span className="audit-headline">{detail.headline}</span>}
                </summary>
                {detail && <AuditDetailList lines={detail.lines} />}
                <DiffTable
                  before={entry.before}
                  after={detail ? afterWithoutDetail(entry.after) : entry.after}
                />
              </details>
            </li>
          )
        })}
      </ol>
      {entries.length === 0 && !error && (
        <p className="muted">{log.loaded ? 'No entries.' : 'Loading…'}</p>
      )}
      {more && (
        <button type="button" onClick={() => void log.older()}>
          Show older entries
        </button>
      )}
    </section>
  )
}
