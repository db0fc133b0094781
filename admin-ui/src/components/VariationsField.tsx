/**
 * The variations of a flag as text, one value per line: the same field when creating a flag
 * and in its settings (lib/variations.ts reads it). A boolean flag's are fixed.
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
  boolean: 'A boolean flag always has false and true.',
  string: 'One value per line, as it is: no quotes.',
  number: 'One number per line.',
  json: 'One JSON value per line: strings in double quotes.',
}

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
        value={fixed ? PLACEHOLDERS.boolean : props.text}
        readOnly={fixed}
        placeholder={PLACEHOLDERS[props.type]}
        spellCheck={false}
        aria-describedby={hintId}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span id={hintId} className="muted hint">
        {HINTS[props.type]}
        {props.note && !fixed ? ` ${props.note}` : ''}
      </span>
      {(props.type === 'string' || props.type === 'number') && (
        <CommaSplitOffer text={props.text} onSplit={props.onChange} />
      )}
      <FieldIssues path={['variations']} />
    </div>
  )
}
