/**
 * The Guards panel of a flag's environment page (issue 8): each guard with its state, chart
 * and figures (kept fresh by useGuards, which FlagEnvironment holds), and an editor that
 * saves the whole list.
 */
import type { JsonValue } from '@andon/core'
import { useState } from 'react'
import type { GuardsState } from '../hooks/useGuards.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { formatTime } from '../lib/format-time.js'
import { draftOf, NEW_GUARD } from '../lib/guard-form.js'
import { ErrorNote } from './ErrorNote.js'
import { GuardCard } from './GuardCard.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { GuardsEditor } from './GuardsEditor.js'

export function GuardsPanel(props: {
  flagKey: string
  env: string
  variations: readonly JsonValue[]
  guards: GuardsState
}) {
  const { flagKey, env, guards } = props
  const [editing, setEditing] = useState(false)
  const cannotWrite = useReasonNot({ kind: 'write', environment: env })
  const liveFlag = useLiveEnvironment(env)?.state.payload?.flags[flagKey]
  const offVariation = liveFlag?.offVariation ?? null
  const id = `guards-${env}`
  const list = guards.data?.guards ?? []

  return (
    <section className="card guards-panel" id={id} aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <div>
          <h3 id={`${id}-title`} tabIndex={-1}>
            Guards
          </h3>
          <p className="muted">
            Each guard compares a metric the SDKs report between variations and acts on a
            regression, without waiting for a person.
          </p>
        </div>
        {!editing && guards.data && (
          <button
            type="button"
            disabled={cannotWrite !== undefined}
            aria-describedby={cannotWrite ? `${id}-why` : undefined}
            onClick={() => setEditing(true)}
          >
            {list.length === 0 ? 'Add a guard' : 'Edit guards'}
          </button>
        )}
      </div>
      {cannotWrite && (
        <p className="muted hint" id={`${id}-why`}>
          {cannotWrite}
        </p>
      )}
      <ErrorNote error={guards.error} />
      {guards.unavailable && (
        <p className="muted">This server does not offer guards for this flag (it answered 404).</p>
      )}
      {editing && guards.data ? (
        <GuardsEditor
          id={`${id}-edit`}
          initial={list.length > 0 ? list.map(draftOf) : [NEW_GUARD]}
          variations={props.variations}
          offVariation={offVariation}
          onCancel={() => setEditing(false)}
          onSave={async (input) => {
            await guards.save(input)
            setEditing(false)
          }}
        />
      ) : !guards.data ? (
        !guards.error && !guards.unavailable && <p className="muted">Loading guards…</p>
      ) : list.length === 0 ? (
        <p className="muted">No guards in {env}.</p>
      ) : (
        list.map((guard, i) => (
          <GuardCard
            key={`${guard.metric}/${guard.kind}/${i}`}
            id={`${id}-${i}`}
            guard={guard}
            variations={props.variations}
            now={guards.loadedAt ?? guard.since}
          />
        ))
      )}
      {guards.loadedAt !== undefined && (
        <p className="muted hint" aria-live="off">
          Figures as of {formatTime(guards.loadedAt)}; refreshed every few seconds.
        </p>
      )}
    </section>
  )
}
