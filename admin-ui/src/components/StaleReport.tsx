/**
 * The stale-flag report: flags not evaluated for N days, serving one variation to everyone
 * that long (ready to remove), or no code references any more, per environment.
 */
import { useState } from 'react'
import { useStaleReport } from '../hooks/useInsights.js'
import { useNow } from '../hooks/useNow.js'
import type { StaleReason } from '../lib/insights-model.js'
import { formatAgo } from '../lib/insights-series.js'
import { routeHref } from '../lib/route.js'
import { ErrorNote } from './ErrorNote.js'
import { TableScroll } from './TableScroll.js'

const WHY: Record<StaleReason, string> = {
  'not-evaluated': 'Not evaluated',
  'single-variation': 'One variation to everyone: ready to remove',
  'no-code-refs': 'No code references',
}

const PERIODS = [7, 14, 30, 60, 90]

export function StaleReport() {
  const [days, setDays] = useState(30)
  const report = useStaleReport(days)
  const now = useNow(true, 60_000)
  return (
    <section className="card stale-report" aria-labelledby="stale-title">
      <div className="panel-head">
        <h2 id="stale-title">Stale flags</h2>
        <div className="field">
          <label htmlFor="stale-days">For at least</label>
          <select id="stale-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={report.error} />
      {report.data && !report.data.codeRefsKnown && (
        <p className="muted">
          No repository uploaded code references yet, so no flag is listed for lacking them: run{' '}
          <code>andon refs scan --upload</code> in your pipelines.
        </p>
      )}
      {report.data && report.data.flags.length === 0 && (
        <p className="empty">No stale flags over the last {days} days.</p>
      )}
      {report.data && report.data.flags.length > 0 && (
        <TableScroll label="Stale flags">
          <table className="stale-table" id="stale-table">
            <caption className="visually-hidden">Stale flags over the last {days} days</caption>
            <thead>
              <tr>
                <th scope="col">Flag</th>
                <th scope="col">Environment</th>
                <th scope="col">Why</th>
                <th scope="col">Last evaluated</th>
                <th scope="col">Code references</th>
              </tr>
            </thead>
            <tbody>
              {report.data.flags.map((f) => (
                <tr key={`${f.flag}/${f.environment}`}>
                  <th scope="row">
                    <a href={routeHref({ page: 'flag', key: f.flag, env: f.environment })}>
                      {f.flag}
                    </a>
                  </th>
                  <td>{f.environment}</td>
                  <td>
                    {f.reasons
                      .map((r) =>
                        r === 'single-variation'
                          ? `${WHY[r]} (variation ${f.servedVariation})`
                          : WHY[r],
                      )
                      .join('; ')}
                  </td>
                  <td>{formatAgo(f.lastEvaluatedAt, now)}</td>
                  <td>{f.codeRefs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
