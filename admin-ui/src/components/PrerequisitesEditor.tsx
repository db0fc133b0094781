/** Prerequisites: other flags that must serve a given variation before this flag's rules apply. */
import type { Prerequisite } from '@andon/core'
import type { FlagMeta } from '../lib/andon-api.js'
import { removeAt, replaceAt } from '../lib/config-draft.js'
import { FieldIssues } from './FieldIssues.js'
import { VariationSelect } from './VariationSelect.js'

export function PrerequisitesEditor(props: {
  id: string
  flagKey: string
  prerequisites: readonly Prerequisite[]
  flags: readonly FlagMeta[]
  onChange(prerequisites: Prerequisite[]): void
}) {
  const { prerequisites, flags } = props
  const candidates = flags.filter((f) => f.key !== props.flagKey)
  return (
    <div className="prerequisites">
      {prerequisites.length === 0 && <p className="muted">No prerequisites.</p>}
      {prerequisites.map((p, i) => {
        const flag = flags.find((f) => f.key === p.key)
        const name = `Prerequisite ${i + 1}`
        return (
          <div className="row" key={i}>
            <span className="field-inline">
              <label htmlFor={`${props.id}-${i}-flag`}>{`${name} flag`}</label>
              <select
                id={`${props.id}-${i}-flag`}
                value={p.key}
                onChange={(e) =>
                  props.onChange(
                    replaceAt(prerequisites, i, {
                      key: e.target.value,
                      variation: Math.max(
                        0,
                        (flags.find((f) => f.key === e.target.value)?.variations.length ?? 1) - 1,
                      ),
                    }),
                  )
                }
              >
                {!flag && <option value={p.key}>{p.key || '(choose a flag)'}</option>}
                {candidates.map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.key}
                  </option>
                ))}
              </select>
            </span>
            <VariationSelect
              id={`${props.id}-${i}-variation`}
              label="must serve"
              value={p.variation}
              variations={flag?.variations ?? []}
              onChange={(v) =>
                props.onChange(replaceAt(prerequisites, i, { ...p, variation: v ?? 0 }))
              }
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${name.toLowerCase()}`}
              onClick={() => props.onChange(removeAt(prerequisites, i))}
            >
              ×
            </button>
            <FieldIssues path={['prerequisites', i]} />
          </div>
        )
      })}
      <FieldIssues path={['prerequisites']} exact />
      <button
        type="button"
        disabled={candidates.length === 0}
        onClick={() => {
          const first = candidates[0]
          if (first) {
            props.onChange([
              ...prerequisites,
              { key: first.key, variation: first.variations.length - 1 },
            ])
          }
        }}
      >
        Add prerequisite
      </button>
    </div>
  )
}
