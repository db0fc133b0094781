/** The evidence of a guard's or Alertmanager's audit entry, one labelled line per figure. */
import type { AuditDetail } from '../lib/audit-detail.js'

export function AuditDetailList(props: { lines: AuditDetail['lines'] }) {
  if (props.lines.length === 0) return null
  return (
    <ul className="audit-detail" aria-label="Evidence">
      {props.lines.map((line, i) => (
        <li key={i}>
          <span className="muted">{line.label}:</span> <code>{line.value}</code>
        </li>
      ))}
    </ul>
  )
}
