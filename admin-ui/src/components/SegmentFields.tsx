/** The fields of a segment's draft: name, description, included and excluded keys, rules. */
import type { SegmentDraft } from '../lib/segment-draft.js'
import { FieldIssues } from './FieldIssues.js'
import { KeyListField } from './KeyListField.js'
import { SegmentRulesEditor } from './SegmentRulesEditor.js'

export function SegmentFields(props: {
  id: string
  draft: SegmentDraft
  onChange(change: Partial<SegmentDraft>): void
}) {
  const { id, draft, onChange: change } = props
  return (
    <>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={draft.name}
            onChange={(e) => change({ name: e.target.value })}
          />
          <FieldIssues path={['name']} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value })}
          />
          <FieldIssues path={['description']} />
        </div>
      </div>
      <div className="grid-2">
        <div>
          <KeyListField
            id={`${id}-included`}
            label="Included context keys"
            keys={draft.included}
            hint="Always in the segment."
            onChange={(included) => change({ included })}
          />
          <FieldIssues path={['included']} />
        </div>
        <div>
          <KeyListField
            id={`${id}-excluded`}
            label="Excluded context keys"
            keys={draft.excluded}
            hint="Never in it, whatever the rules say."
            onChange={(excluded) => change({ excluded })}
          />
          <FieldIssues path={['excluded']} />
        </div>
      </div>
      <SegmentRulesEditor id={id} rules={draft.rules} onChange={(rules) => change({ rules })} />
    </>
  )
}
