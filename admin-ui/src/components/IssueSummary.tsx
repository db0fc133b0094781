/** All issues of a failed save at the top of the form, each with the field it concerns. */
import type { Issue } from '../lib/api-error.js'
import { issueLabel } from '../lib/issue-label.js'

export function IssueSummary(props: { issues: readonly Issue[]; title: string }) {
  if (props.issues.length === 0) return null
  return (
    <div className="notice notice-error" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.issues.map((i, n) => (
          <li key={n}>
            {i.path.length > 0 && <strong>{issueLabel(i.path)}:</strong>} {i.message}
          </li>
        ))}
      </ul>
    </div>
  )
}
