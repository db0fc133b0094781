/**
 * A rollout split across several variations, each with its share in 0.001 % steps. People
 * type every share but the last, which takes what the others leave, so the total stays at
 * 100 % as they type; shares beyond 100 % stop the save with the reason.
 */
import { BUCKET_COUNT, type JsonValue, type Serve } from '@andon/core'
import { useReportValidity } from '../hooks/useFieldValidity.js'
import { removeAt, replaceAt } from '../lib/config-draft.js'
import {
  addSplit,
  formatPercentage,
  setSplitWeight,
  totalWeight,
  weightsOf,
  withRemainder,
} from '../lib/rollout.js'
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
  const problem =
    total === BUCKET_COUNT
      ? undefined
      : `The split’s shares add up to ${formatPercentage(total)} %, not 100 %`
  useReportValidity(`${props.id}-split-total`, problem)
  const set = (variations: typeof entries) =>
    props.onChange({ rollout: { ...(rollout ?? {}), variations } })
  const used = new Set(entries.map((e) => e.variation))
  const totalId = `${props.id}-split-total`

  return (
    <div className="split">
      {entries.map((entry, i) => {
        const last = i === entries.length - 1 && entries.length > 1
        return (
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
              label={last ? `Share of split ${i + 1} (the rest)` : `Share of split ${i + 1}`}
              weight={entry.weight}
              readOnly={last || entries.length === 1}
              describedBy={totalId}
              onChange={(w) => set(setSplitWeight(entries, i, w))}
            />
            {entries.length > 1 && (
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove split ${i + 1}`}
                onClick={() => set(withRemainder(removeAt(entries, i)))}
              >
                ×
              </button>
            )}
          </div>
        )
      })}
      <p
        id={totalId}
        className={problem ? 'field-issues' : 'muted'}
        role={problem ? 'alert' : undefined}
      >
        {problem
          ? `Total ${formatPercentage(total)} %: lower the shares until they add up to 100 %.`
          : 'Total 100 %. The last share is what the others leave.'}
      </p>
      <button
        type="button"
        onClick={() => set(addSplit(entries, props.variations.length))}
        disabled={props.variations.every((_, v) => used.has(v))}
      >
        Add a split
      </button>
    </div>
  )
}
