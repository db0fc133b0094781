/** The fields of one guard in the editor, each labelled with the guard's number. */
import type { JsonValue } from '@andon/core'
import type { ReactNode } from 'react'
import { useIssuesAt } from '../hooks/useIssues.js'
import type { GuardDraft } from '../lib/guard-form.js'
import { variationLabel } from '../lib/variations.js'
import { FieldIssues } from './FieldIssues.js'

function Field(props: {
  id: string
  guard: string
  label: string
  index: number
  field: string
  hint?: string
  children(invalid: boolean, describedBy: string | undefined): ReactNode
}) {
  const invalid = useIssuesAt([props.index, props.field]).length > 0
  const hintId = props.hint ? `${props.id}-hint` : undefined
  return (
    <div className="field">
      <label htmlFor={props.id}>
        <span className="visually-hidden">{props.guard} </span>
        {props.label}
      </label>
      {props.children(invalid, hintId)}
      {props.hint && (
        <span className="muted hint" id={hintId}>
          {props.hint}
        </span>
      )}
      <FieldIssues path={[props.index, props.field]} />
    </div>
  )
}

export function GuardFields(props: {
  id: string
  index: number
  draft: GuardDraft
  variations: readonly JsonValue[]
  offVariation: number | null
  onChange(draft: GuardDraft): void
  onRemove(): void
}) {
  const { draft, index, id } = props
  const guard = `Guard ${index + 1}`
  const set = (change: Partial<GuardDraft>) => props.onChange({ ...draft, ...change })
  const common = { guard, index }
  const offName =
    props.offVariation === null
      ? 'the off variation'
      : `off variation (${variationLabel(props.variations[props.offVariation])})`
  return (
    <fieldset className="guard-fields">
      <legend>{guard}</legend>
      <div className="guard-grid">
        <Field {...common} id={`${id}-metric`} label="Metric" field="metric">
          {(invalid) => (
            <input
              id={`${id}-metric`}
              value={draft.metric}
              aria-invalid={invalid || undefined}
              placeholder="checkout-error"
              onChange={(e) => set({ metric: e.target.value })}
            />
          )}
        </Field>
        <Field {...common} id={`${id}-kind`} label="Kind" field="kind">
          {() => (
            <select
              id={`${id}-kind`}
              value={draft.kind}
              onChange={(e) => set({ kind: e.target.value as GuardDraft['kind'] })}
            >
              <option value="rate">rate (per exposure)</option>
              <option value="mean">mean (average value)</option>
            </select>
          )}
        </Field>
        <Field {...common} id={`${id}-worse`} label="Worse when" field="worseWhen">
          {() => (
            <select
              id={`${id}-worse`}
              value={draft.worseWhen}
              onChange={(e) => set({ worseWhen: e.target.value as GuardDraft['worseWhen'] })}
            >
              <option value="higher">higher (errors, latency)</option>
              <option value="lower">lower (conversions)</option>
            </select>
          )}
        </Field>
        <Field
          {...common}
          id={`${id}-threshold`}
          label="Threshold (%)"
          field="threshold"
          hint="How much worse than control counts as a regression; 0 means any."
        >
          {(invalid, hint) => (
            <input
              id={`${id}-threshold`}
              inputMode="decimal"
              value={draft.thresholdPercent}
              aria-invalid={invalid || undefined}
              aria-describedby={hint}
              onChange={(e) => set({ thresholdPercent: e.target.value })}
            />
          )}
        </Field>
        <Field
          {...common}
          id={`${id}-min`}
          label="Minimum samples"
          field="minSamples"
          hint="Per variation, before any decision."
        >
          {(invalid, hint) => (
            <input
              id={`${id}-min`}
              inputMode="numeric"
              value={draft.minSamples}
              aria-invalid={invalid || undefined}
              aria-describedby={hint}
              onChange={(e) => set({ minSamples: e.target.value })}
            />
          )}
        </Field>
        <Field
          {...common}
          id={`${id}-control`}
          label="Control"
          field="control"
          hint="The variation the others are compared against."
        >
          {(invalid, hint) => (
            <select
              id={`${id}-control`}
              value={draft.control}
              aria-invalid={invalid || undefined}
              aria-describedby={hint}
              onChange={(e) => set({ control: e.target.value })}
            >
              <option value="">{offName}</option>
              {props.variations.map((v, i) => (
                <option key={i} value={String(i)}>
                  {variationLabel(v)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field {...common} id={`${id}-action`} label="On a regression" field="action">
          {() => (
            <select
              id={`${id}-action`}
              value={draft.action}
              onChange={(e) => set({ action: e.target.value as GuardDraft['action'] })}
            >
              <option value="disable">switch the flag off</option>
              <option value="notify">notify only</option>
            </select>
          )}
        </Field>
        <Field
          {...common}
          id={`${id}-alpha`}
          label="Alpha"
          field="alpha"
          hint="The false-alarm rate the test keeps to, however often it looks."
        >
          {(invalid, hint) => (
            <input
              id={`${id}-alpha`}
              inputMode="decimal"
              value={draft.alpha}
              aria-invalid={invalid || undefined}
              aria-describedby={hint}
              onChange={(e) => set({ alpha: e.target.value })}
            />
          )}
        </Field>
      </div>
      <FieldIssues path={[index]} exact />
      <button type="button" className="danger-outline" onClick={props.onRemove}>
        Remove {guard.toLowerCase()}
      </button>
    </fieldset>
  )
}
