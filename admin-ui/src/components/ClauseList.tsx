/** The clauses of a rule (all must match; none matches everyone), with add and remove. */
import type { Clause } from '@andon/core'
import { removeAt, replaceAt } from '../lib/config-draft.js'
import type { IssuePath } from '../lib/api-error.js'
import { ClauseEditor } from './ClauseEditor.js'
import { FieldIssues } from './FieldIssues.js'

export function ClauseList(props: {
  id: string
  name: string
  clauses: readonly Clause[]
  segments: readonly string[]
  allowSegments: boolean
  path: IssuePath
  onChange(clauses: Clause[]): void
}) {
  const { clauses } = props
  return (
    <div className="clauses">
      {clauses.length === 0 && (
        <p className="muted">No conditions: this rule matches every context.</p>
      )}
      {clauses.map((clause, i) => (
        <div key={i} className="clause-wrap">
          {i > 0 && (
            <span className="and" aria-hidden="true">
              and
            </span>
          )}
          <ClauseEditor
            id={`${props.id}-clause-${i}`}
            name={`${props.name} clause ${i + 1}`}
            clause={clause}
            segments={props.segments}
            allowSegments={props.allowSegments}
            path={[...props.path, i]}
            onChange={(c) => props.onChange(replaceAt(clauses, i, c))}
            onRemove={() => props.onChange(removeAt(clauses, i))}
          />
        </div>
      ))}
      <FieldIssues path={props.path} exact />
      <button
        type="button"
        onClick={() => props.onChange([...clauses, { attribute: '', op: 'in', values: [] }])}
      >
        Add condition
      </button>
    </div>
  )
}
