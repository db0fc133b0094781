/**
 * A percentage field in 0.001 % steps that holds its own text while typing (so "12." is fine)
 * and reports weight units when the text is a valid percentage. A read-only one shows a share
 * that follows from others (the last of a split).
 */
import { useState } from 'react'
import { useReportValidity } from '../hooks/useFieldValidity.js'
import { formatPercentage, parsePercentage } from '../lib/rollout.js'

export function PercentInput(props: {
  id: string
  label: string
  weight: number
  onChange(weight: number): void
  describedBy?: string
  readOnly?: boolean
}) {
  const [text, setText] = useState(() => formatPercentage(props.weight))
  const [shown, setShown] = useState(props.weight)
  // Follow changes made elsewhere (the slider, a live update) unless the text already says so.
  if (props.weight !== shown) {
    setShown(props.weight)
    const typed = parsePercentage(text)
    if (!('weight' in typed) || typed.weight !== props.weight) {
      setText(formatPercentage(props.weight))
    }
  }
  const parsed = parsePercentage(text)
  const error = !props.readOnly && 'error' in parsed ? parsed.error : undefined
  useReportValidity(props.id, error ? `${props.label}: ${error}` : undefined)

  const errorId = `${props.id}-error`
  return (
    <span className="percent-input">
      <label htmlFor={props.id}>{props.label}</label>
      <span className="input-suffix">
        <input
          id={props.id}
          inputMode="decimal"
          value={props.readOnly ? formatPercentage(props.weight) : text}
          readOnly={props.readOnly}
          size={8}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [error ? errorId : '', props.describedBy ?? ''].join(' ').trim() || undefined
          }
          onChange={(e) => {
            setText(e.target.value)
            const next = parsePercentage(e.target.value)
            if ('weight' in next) props.onChange(next.weight)
          }}
        />
        <span aria-hidden="true">%</span>
      </span>
      {error && (
        <span className="field-issues" id={errorId} role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
