/** All issues of a failed save at the top of the form, each with the path it concerns. */
import { formatPath, type Issue } from '../lib/api-error.js'

export function IssueSummary(props: { issues: readonly Issue[]; title: string }) {
  if (props.issues.length === 0) return null
  return (
    <div className="notice notice-error" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.issues.map((i, n) => (
          <li key={n}>
            {i.path.length > 0 && <code>{formatPath(i.path)}</code>} {i.message}
          </li>
        ))}
      </ul>
    </div>
  )
}
