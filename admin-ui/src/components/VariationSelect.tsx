/** A select of a flag's variations by index, labelled. */
import type { JsonValue } from '@andon/core'
import { variationLabel } from '../lib/variations.js'

export function VariationSelect(props: {
  id: string
  label: string
  value: number | null
  variations: readonly JsonValue[]
  onChange(index: number | null): void
  allowNone?: string
  hideLabel?: boolean
}) {
  return (
    <span className="field-inline">
      <label htmlFor={props.id} className={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <select
        id={props.id}
        value={props.value === null ? '' : String(props.value)}
        onChange={(e) => props.onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        {props.allowNone !== undefined && <option value="">{props.allowNone}</option>}
        {props.variations.map((v, i) => (
          <option key={i} value={i}>
            {variationLabel(v)}
          </option>
        ))}
        {props.value !== null && props.value >= props.variations.length && (
          <option value={props.value}>{props.value}: (no such variation)</option>
        )}
      </select>
    </span>
  )
}
