/**
 * The variations of a flag as text, one per line, each optionally named (`control = blue`):
 * the same field when creating a flag and in its settings (lib/variations.ts reads it). A
 * boolean flag's values are fixed, false then true; their names are not.
 */
import type { VariationType } from '../lib/variations.js'
import { CommaSplitOffer } from './CommaSplitOffer.js'
import { FieldIssues } from './FieldIssues.js'

const PLACEHOLDERS: Record<VariationType, string> = {
  boolean: 'false\ntrue',
  string: 'blue\ngreen',
  number: '1\n2',
  json: '{"color":"blue"}\n{"color":"green"}',
}

const HINTS: Record<VariationType, string> = {
  boolean: 'A boolean flag always has false, then true.',
  string: 'One value per line, as it is: no quotes.',
  number: 'One number per line.',
  json: 'One JSON value per line: strings in double quotes.',
}

/** How names are written, for every type. */
const NAMING =
  'To name a variation (OpenFeature reports the name as the variant), write it first: ' +
  'control = blue. A name is letters, digits, _ . - (not digits alone), once per flag.'

export function VariationsField(props: {
  id: string
  type: VariationType
  text: string
  onChange(text: string): void
  /** A sentence after the hint, e.g. what reordering does to an existing flag. */
  note?: string
  invalid?: boolean
}) {
  const fixed = props.type === 'boolean'
  const hintId = `${props.id}-hint`
  return (
    <div className="field">
      <label htmlFor={props.id}>Variations (one per line)</label>
      <textarea
        id={props.id}
        rows={Math.max(3, Math.min(8, props.text.split('\n').length + 1))}
        // A boolean flag shows its two values until names are written in front of them.
        value={fixed && props.text.trim() === '' ? PLACEHOLDERS.boolean : props.text}
        placeholder={PLACEHOLDERS[props.type]}
        spellCheck={false}
        aria-describedby={hintId}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span id={hintId} className="muted hint">
        {HINTS[props.type]} {NAMING}
        {props.note && !fixed ? ` ${props.note}` : ''}
      </span>
      {(props.type === 'string' || props.type === 'number') && (
        <CommaSplitOffer text={props.text} onSplit={props.onChange} />
      )}
      <FieldIssues path={['variations']} />
    </div>
  )
}
