/** A flag's rules in order: conditions, and what each serves (a variation or a rollout). */
import type { JsonValue, Rule, Serve } from '@andon/core'
import { move, newRuleId, removeAt, replaceAt } from '../lib/config-draft.js'
import { ClauseList } from './ClauseList.js'
import { FieldIssues } from './FieldIssues.js'
import { ServeEditor } from './ServeEditor.js'

export function RulesEditor(props: {
  id: string
  rules: readonly Rule[]
  savedRules: readonly Rule[]
  variations: readonly JsonValue[]
  segments: readonly string[]
  /** What a new rule serves: the flag's first variation that is not its off variation. */
  onVariation: number
  onChange(rules: Rule[]): void
}) {
  const { rules } = props
  const set = (i: number, rule: Rule) => props.onChange(replaceAt(rules, i, rule))
  const savedServe = (rule: Rule): Serve | undefined =>
    props.savedRules.find((r) => r.id !== undefined && r.id === rule.id)?.serve

  return (
    <div className="rules">
      {rules.length === 0 && <p className="muted">No rules: every context gets the default.</p>}
      {rules.map((rule, i) => {
        const name = `Rule ${i + 1}`
        return (
          <fieldset key={rule.id ?? i} className="rule card-inner">
            <legend>{name}</legend>
            <div className="rule-tools">
              <button
                type="button"
                aria-label={`Move ${name} up`}
                disabled={i === 0}
                onClick={() => props.onChange(move(rules, i, i - 1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${name} down`}
                disabled={i === rules.length - 1}
                onClick={() => props.onChange(move(rules, i, i + 1))}
              >
                ↓
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => props.onChange(removeAt(rules, i))}
              >
                Remove {name.toLowerCase()}
              </button>
            </div>
            <h4>If</h4>
            <ClauseList
              id={`${props.id}-${i}`}
              name={name}
              clauses={rule.clauses}
              segments={props.segments}
              allowSegments
              path={['rules', i, 'clauses']}
              onChange={(clauses) => set(i, { ...rule, clauses })}
            />
            <h4>Then</h4>
            <ServeEditor
              id={`${props.id}-${i}-serve`}
              percentLabel={`${name} rollout percentage`}
              serve={rule.serve}
              savedServe={savedServe(rule)}
              variations={props.variations}
              path={['rules', i, 'serve']}
              onChange={(serve) => set(i, { ...rule, serve })}
            />
            <FieldIssues path={['rules', i, 'id']} />
          </fieldset>
        )
      })}
      <FieldIssues path={['rules']} exact />
      <button
        type="button"
        onClick={() =>
          props.onChange([
            ...rules,
            {
              id: newRuleId(rules),
              clauses: [{ attribute: 'key', op: 'in', values: [] }],
              serve: { variation: props.onVariation },
            },
          ])
        }
      >
        Add rule
      </button>
    </div>
  )
}
