/** A segment's rules: a context is in the segment when any rule matches (all its conditions). */
import type { SegmentRule } from '@andon/core'
import { newRuleId, removeAt, replaceAt } from '../lib/config-draft.js'
import { ClauseList } from './ClauseList.js'

export function SegmentRulesEditor(props: {
  id: string
  rules: readonly SegmentRule[]
  onChange(rules: SegmentRule[]): void
}) {
  const { rules, id } = props
  return (
    <>
      <h3>Rules</h3>
      <p className="muted">
        A context is in the segment when any rule matches (all its conditions).
      </p>
      {rules.map((rule, i) => (
        <fieldset className="rule card-inner" key={rule.id ?? i}>
          <legend>Segment rule {i + 1}</legend>
          <ClauseList
            id={`${id}-rule-${i}`}
            name={`Segment rule ${i + 1}`}
            clauses={rule.clauses}
            segments={[]}
            allowSegments={false}
            path={['rules', i, 'clauses']}
            onChange={(clauses) => props.onChange(replaceAt(rules, i, { ...rule, clauses }))}
          />
          <button
            type="button"
            className="danger"
            onClick={() => props.onChange(removeAt(rules, i))}
          >
            Remove segment rule {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() =>
          props.onChange([
            ...rules,
            {
              id: newRuleId(rules),
              clauses: [{ attribute: 'email', op: 'endsWith', values: [] }],
            },
          ])
        }
      >
        Add segment rule
      </button>
    </>
  )
}
