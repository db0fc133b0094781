/**
 * What a rule or the default serves: a ramp (one variation for a percentage, another for the
 * rest; 0 % and 100 % are plain variations) with an input and a slider, or a split across
 * several variations. Says how many contexts the change moves against the saved version.
 */
import { BUCKET_COUNT, type JsonValue, type Serve } from '@andon/core'
import { useState } from 'react'
import { formatPercentage, rampOf, serveOfRamp, sliderKeyWeight } from '../lib/rollout.js'
import type { IssuePath } from '../lib/api-error.js'
import { FieldIssues } from './FieldIssues.js'
import { MovementNote } from './MovementNote.js'
import { PercentInput } from './PercentInput.js'
import { SplitEditor } from './SplitEditor.js'
import { VariationSelect } from './VariationSelect.js'

export function ServeEditor(props: {
  id: string
  /** The accessible name of the percentage input, e.g. "Rollout percentage". */
  percentLabel: string
  serve: Serve
  savedServe?: Serve
  variations: readonly JsonValue[]
  path: IssuePath
  onChange(serve: Serve): void
}) {
  const { serve, variations, id } = props
  const ramp = rampOf(serve, variations.length)
  const [split, setSplit] = useState(ramp === undefined)
  const rollout = 'rollout' in serve ? serve.rollout : undefined
  const bucketBy = rollout?.bucketBy
  const experiment = rollout?.kind === 'experiment' ? 'experiment' : undefined

  function setRamp(next: { variation?: number; otherwise?: number; weight?: number }) {
    const current = ramp ?? { variation: variations.length - 1, otherwise: 0, weight: 0 }
    props.onChange(serveOfRamp({ ...current, ...next }, bucketBy, experiment))
  }

  function setRolloutOption(option: { bucketBy?: string; kind?: 'experiment' | undefined }) {
    const base =
      'rollout' in serve
        ? serve.rollout
        : {
            variations: [
              { variation: 'variation' in serve ? serve.variation : 0, weight: BUCKET_COUNT },
            ],
          }
    const next = { ...base, ...option }
    if (!next.bucketBy || next.bucketBy === 'key') delete next.bucketBy
    if (!next.kind) delete next.kind
    props.onChange({ rollout: next })
  }

  const movementId = `${id}-movement`
  return (
    <div className="serve-editor">
      {!split && ramp ? (
        <div className="ramp">
          <div className="ramp-row">
            <PercentInput
              id={`${id}-percent`}
              label={props.percentLabel}
              weight={ramp.weight}
              describedBy={props.savedServe ? movementId : undefined}
              onChange={(weight) => setRamp({ weight })}
            />
            <VariationSelect
              id={`${id}-variation`}
              label="of contexts get"
              value={ramp.variation}
              variations={variations}
              onChange={(v) => setRamp({ variation: v ?? 0 })}
            />
            <VariationSelect
              id={`${id}-otherwise`}
              label="and everyone else gets"
              value={ramp.otherwise}
              variations={variations}
              onChange={(v) => setRamp({ otherwise: v ?? 0 })}
            />
          </div>
          <label htmlFor={`${id}-slider`} className="visually-hidden">
            {`${props.percentLabel} slider`}
          </label>
          <input
            id={`${id}-slider`}
            className="slider"
            type="range"
            min={0}
            max={BUCKET_COUNT}
            step={1}
            value={ramp.weight}
            aria-valuetext={`${formatPercentage(ramp.weight)} %`}
            onChange={(e) => setRamp({ weight: Number(e.target.value) })}
            onKeyDown={(e) => {
              const weight = sliderKeyWeight(ramp.weight, e.key, e.shiftKey)
              if (weight === undefined) return
              e.preventDefault()
              setRamp({ weight })
            }}
          />
        </div>
      ) : (
        <SplitEditor id={id} serve={serve} variations={variations} onChange={props.onChange} />
      )}
      <div className="serve-options">
        {variations.length > 2 && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              if (split && ramp === undefined) {
                props.onChange({ variation: variations.length - 1 })
              }
              setSplit(!split)
            }}
          >
            {split ? 'Use a simple percentage rollout' : 'Split across several variations'}
          </button>
        )}
        {rollout && (
          <>
            <span className="field-inline">
              <label htmlFor={`${id}-bucket-by`}>Bucket by attribute</label>
              <input
                id={`${id}-bucket-by`}
                value={bucketBy ?? 'key'}
                size={10}
                onChange={(e) => setRolloutOption({ bucketBy: e.target.value })}
              />
            </span>
            <span className="field-inline checkbox">
              <input
                id={`${id}-experiment`}
                type="checkbox"
                checked={experiment !== undefined}
                onChange={(e) =>
                  setRolloutOption({ kind: e.target.checked ? 'experiment' : undefined })
                }
              />
              <label htmlFor={`${id}-experiment`}>Experiment</label>
            </span>
          </>
        )}
      </div>
      <FieldIssues path={props.path} />
      {props.savedServe && (
        <MovementNote
          id={movementId}
          before={props.savedServe}
          after={serve}
          variations={variations}
        />
      )}
    </div>
  )
}
