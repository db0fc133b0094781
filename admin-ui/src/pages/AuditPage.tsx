/** The audit log, newest first, filtered by flag and environment, each entry with its diff. */
import { useEffect, useState } from 'react'
import { AuditDetailList } from '../components/AuditDetailList.js'
import { DiffTable } from '../components/DiffTable.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { useAsync } from '../hooks/useAsync.js'
import { useSession } from '../hooks/useSession.js'
import type { AuditEntry } from '../lib/andon-api.js'
import { afterWithoutDetail, auditDetail } from '../lib/audit-detail.js'
import { formatTime } from '../lib/format-time.js'

const PAGE = 50

export function AuditPage() {
  const { api } = useSession()
  const envs = useAsync(() => api.environments(), [api])
  const [flag, setFlag] = useState('')
  const [environment, setEnvironment] = useState('')
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string>()

  async function load(before?: number) {
    try {
      const page = await api.audit({ flag: flag.trim(), environment, limit: PAGE, before })
      setEntries((old) => (before === undefined ? page : [...old, ...page]))
      setMore(page.length === PAGE)
      setError(undefined)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => void load(), 250)
    return () => clearTimeout(timer)
  }, [flag, environment])

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" onClick={() => void load()}>
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
      {entries.length === 0 && !error && <p className="muted">No entries.</p>}
      {more && (
        <button type="button" onClick={() => void load(entries[entries.length - 1]?.id)}>
          Show older entries
        </button>
      )}
    </section>
  )
}
