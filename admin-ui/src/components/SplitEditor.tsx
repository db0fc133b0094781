/** A rollout split across several variations, each with its share in 0.001 % steps. */
import { BUCKET_COUNT, type JsonValue, type Serve } from '@andon/core'
import { formatPercentage, setSplitWeight, totalWeight, weightsOf } from '../lib/rollout.js'
import { removeAt, replaceAt } from '../lib/config-draft.js'
import { PercentInput } from './PercentInput.js'
import { VariationSelect } from './VariationSelect.js'

export function SplitEditor(props: {
  id: string
  serve: Serve
  variations: readonly JsonValue[]
  onChange(serve: Serve): void
}) {
  const rollout = 'rollout' in props.serve ? props.serve.rollout : undefined
  const entries = weightsOf(props.serve)
  const total = totalWeight(entries)
  const set = (variations: typeof entries) =>
    props.onChange({ rollout: { ...(rollout ?? {}), variations } })

  return (
    <div className="split">
      {entries.map((entry, i) => (
        <div className="split-row" key={i}>
          <VariationSelect
            id={`${props.id}-split-${i}-variation`}
            label={`Split ${i + 1} variation`}
            hideLabel
            value={entry.variation}
            variations={props.variations}
            onChange={(v) => set(replaceAt(entries, i, { ...entry, variation: v ?? 0 }))}
          />
          <PercentInput
            id={`${props.id}-split-${i}-percent`}
            label={`Share of split ${i + 1}`}
            weight={entry.weight}
            onChange={(w) => set(setSplitWeight(entries, i, w))}
          />
          {entries.length > 1 && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove split ${i + 1}`}
              onClick={() => {
                const rest = removeAt(entries, i).map((v) => ({ ...v }))
                const last = rest[rest.length - 1]
                if (last) last.weight += entry.weight
                set(rest)
              }}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <p className={total === BUCKET_COUNT ? 'muted' : 'field-issues'}>
        Total {formatPercentage(total)} % {total === BUCKET_COUNT ? '' : '(must be 100 %)'}
      </p>
      <button
        type="button"
        onClick={() => set([...entries, { variation: 0, weight: 0 }])}
        disabled={entries.length >= props.variations.length * 4}
      >
        Add a split
      </button>
    </div>
  )
}
