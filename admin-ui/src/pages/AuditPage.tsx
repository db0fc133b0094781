/**
 * The audit log, newest first, filtered by part of a flag key and by environment, each entry
 * with its comment (why, in its writer's words) and its diff; new entries appear on top as they
 * are written (hooks/useAuditLog.ts).
 */
import { useState } from 'react'
import { AuditDetailList } from '../components/AuditDetailList.js'
import { DiffTable } from '../components/DiffTable.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { useEnvironmentKeys, useFlags } from '../hooks/useAdminQueries.js'
import { useAuditLog } from '../hooks/useAuditLog.js'
import { useLiveEnvironments } from '../hooks/useLiveEnvironment.js'
import { actorKindWords } from '../lib/audit-actor.js'
import { afterWithoutDetail, auditDetail } from '../lib/audit-detail.js'
import { formatTime } from '../lib/format-time.js'

const NO_ENVIRONMENTS: string[] = []

export function AuditPage() {
  const envKeys = useEnvironmentKeys().data ?? NO_ENVIRONMENTS
  const flags = useFlags().data
  const [flag, setFlag] = useState('')
  const [environment, setEnvironment] = useState('')
  // Flag and segment changes reach the environments' streams first, which then make the log
  // stale: follow the streams of the environments shown.
  useLiveEnvironments(environment ? [environment] : envKeys)
  const log = useAuditLog({ flag, environment })
  const { entries, more, error } = log
  const variationsOf = (key: string) => flags?.find((f) => f.key === key)?.variations

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" onClick={log.refresh}>
          Refresh
        </button>
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-flag">Flag key</label>
          <input
            id="audit-flag"
            type="search"
            value={flag}
            placeholder="all or part of a key"
            onChange={(e) => setFlag(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-env">Environment</label>
          <select
            id="audit-env"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value)}
          >
            <option value="">All environments</option>
            {envKeys.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={error} />
      <ol className="audit-list">
        {entries.map((entry) => {
          const detail = auditDetail(entry, variationsOf(entry.targetKey))
          const kind = actorKindWords(entry)
          return (
            <li key={entry.id} className="card">
              <details>
                <summary>
                  <span className="audit-when">{formatTime(entry.at)}</span>{' '}
                  {kind && <span className={`actor-kind actor-${entry.actorKind}`}>{kind}</span>}{' '}
                  <strong>{entry.actor}</strong>{' '}
                  <span className="audit-action">{entry.action}</span> {entry.targetKind}{' '}
                  <code>{entry.targetKey}</code>
                  {entry.environment && <span className="tag">{entry.environment}</span>}
                  {detail && <span className="audit-headline">{detail.headline}</span>}
                  {entry.comment && (
                    <span className="audit-comment">
                      <span className="visually-hidden">Comment: </span>“{entry.comment}”
                    </span>
                  )}
                </summary>
                {detail && <AuditDetailList lines={detail.lines} />}
                <DiffTable
                  label={`Changes of ${entry.targetKey} at ${formatTime(entry.at)}`}
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
        <button type="button" onClick={log.older}>
          Show older entries
        </button>
      )}
    </section>
  )
}
