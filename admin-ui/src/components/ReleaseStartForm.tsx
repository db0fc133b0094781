/**
 * The form that starts a release plan: a template (its steps shown), the variation to release
 * and Start. In a critical environment Start waits for the usual confirmation.
 */
import type { JsonValue } from '@andon/core'
import { useState, type FormEvent } from 'react'
import { useCriticalConfirm } from '../hooks/useCriticalConfirm.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useReleaseTemplates } from '../hooks/useRelease.js'
import { defaultReleaseVariation } from '../lib/release-form.js'
import type { ReleaseStart } from '../lib/release-model.js'
import { percentText, stepRows } from '../lib/release-timeline.js'
import { variationLabel } from '../lib/variations.js'
import { ConfirmChangeDialog } from './ConfirmChangeDialog.js'
import { ErrorNote } from './ErrorNote.js'
import { ReleaseTimeline } from './ReleaseTimeline.js'
import { VariationSelect } from './VariationSelect.js'

export function ReleaseStartForm(props: {
  flagKey: string
  env: string
  variations: readonly JsonValue[]
  offVariation: number | null | undefined
  busy: boolean
  error: Error | undefined
  onStart(plan: ReleaseStart): void
}) {
  const { env, variations } = props
  const templates = useReleaseTemplates()
  const confirmation = useCriticalConfirm()
  const cannotWrite = useReasonNot({ kind: 'write', environment: env })
  const [template, setTemplate] = useState('standard')
  const [variation, setVariation] = useState<number | null>(null)
  const chosen = variation ?? defaultReleaseVariation(variations, props.offVariation)
  const names = Object.keys(templates.data ?? {})
  const steps = templates.data?.[template]
  const id = `release-${env}`

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!steps) return
    const plan = { variation: chosen, template }
    confirmation.ask(
      {
        env,
        title: `Start releasing ${props.flagKey} in ${env}?`,
        lines: [
          `Serve ${variationLabel(variations[chosen])} to ${steps.map((s) => percentText(s.percent)).join(', then ')}`,
          `Starts at once with ${percentText(steps[0]?.percent ?? 0)}`,
        ],
        confirmLabel: `Start in ${env}`,
      },
      () => props.onStart(plan),
    )
  }

  if (templates.error) return <ErrorNote error={templates.error} />
  if (!templates.data) return <p className="muted">Loading the release templates…</p>
  return (
    <form className="release-start" onSubmit={submit} aria-labelledby={`${id}-start`}>
      <h4 id={`${id}-start`}>Start a release plan</h4>
      <div className="release-fields">
        <span className="field-inline">
          <label htmlFor={`${id}-template`}>Template</label>
          <select
            id={`${id}-template`}
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
          >
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </span>
        <VariationSelect
          id={`${id}-variation`}
          label="Variation to release"
          value={chosen}
          variations={variations}
          onChange={(v) => setVariation(v)}
        />
      </div>
      {steps && (
        <ReleaseTimeline rows={stepRows(steps)} label={`Steps of the ${template} template`} />
      )}
      <ErrorNote error={props.error} />
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={props.busy || !steps || cannotWrite !== undefined}
          aria-describedby={cannotWrite ? `release-why-${env}` : undefined}
        >
          {props.busy ? 'Starting…' : 'Start release'}
        </button>
        {cannotWrite && (
          <span className="muted hint" id={`release-why-${env}`}>
            {cannotWrite}
          </span>
        )}
      </div>
      {confirmation.question && (
        <ConfirmChangeDialog
          question={confirmation.question}
          commentable={false}
          onConfirm={confirmation.confirm}
          onCancel={confirmation.cancel}
        />
      )}
    </form>
  )
}
