/** The validation messages at one path of the form, shown beside the field they concern. */
import { useIssuesAt } from '../hooks/useIssues.js'
import type { IssuePath } from '../lib/api-error.js'

export function FieldIssues(props: { path: IssuePath; id?: string; exact?: boolean }) {
  const messages = useIssuesAt(props.path, props.exact)
  if (messages.length === 0) return null
  return (
    // An alert is not a list, so the messages are paragraphs (axe: listitem).
    <div className="field-issues" id={props.id} role="alert">
      {[...new Set(messages)].map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  )
}
