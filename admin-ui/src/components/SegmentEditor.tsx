/**
 * One segment: loaded with TanStack Query, edited as a draft (hooks/useSegmentEdit.ts) in its
 * fields, saved or deleted from the bar below them; a version saved elsewhere during the edit
 * shows as a conflict to resolve.
 */
import type { SegmentInfo } from '@andon/core'
import { useQuery } from '@tanstack/react-query'
import { ValidityContext, useValidityCollector } from '../hooks/useFieldValidity.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSegmentEdit } from '../hooks/useSegmentEdit.js'
import { useSession } from '../hooks/useSession.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'
import { IssueSummary } from './IssueSummary.js'
import { SegmentConflict } from './SegmentConflict.js'
import { SegmentFields } from './SegmentFields.js'

export function SegmentEditor(props: { env: string; segmentKey: string; onDeleted(): void }) {
  const { api } = useSession()
  const segment = useQuery({
    queryKey: queryKeys.segment(props.env, props.segmentKey),
    queryFn: () => api.segment(props.env, props.segmentKey),
  })
  if (!segment.data) {
    return segment.error ? <ErrorNote error={segment.error} /> : <p className="muted">Loading…</p>
  }
  return <SegmentForm env={props.env} latest={segment.data} onDeleted={props.onDeleted} />
}

function SegmentForm(props: { env: string; latest: SegmentInfo; onDeleted(): void }) {
  const { env } = props
  const edit = useSegmentEdit(env, props.latest, props.onDeleted)
  const { base, dirty, newer } = edit
  const { invalid, report } = useValidityCollector()
  const unparsed = Object.values(invalid)
  const cannotWrite = useReasonNot({ kind: 'write', environment: env })
  useWarnBeforeLeaving(dirty)

  const id = `segment-${base.key}`
  return (
    <ValidityContext.Provider value={report}>
      <IssuesContext.Provider value={edit.issues}>
        <section className="card" aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`}>
            {base.key}{' '}
            <span className="muted">
              in {env} · version {base.version}
            </span>
          </h2>
          {newer && (
            <SegmentConflict
              base={base}
              newer={newer}
              onDiscard={edit.discard}
              onKeep={() => edit.keepMine(newer)}
            />
          )}
          <ErrorNote error={edit.error} />
          <IssueSummary issues={edit.issues} title="These need fixing:" />
          <div key={edit.revision}>
            <SegmentFields id={id} draft={edit.draft} onChange={edit.change} />
          </div>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!dirty || edit.saving || unparsed.length > 0 || cannotWrite !== undefined}
              aria-describedby={cannotWrite ? `${id}-why` : undefined}
              onClick={edit.save}
            >
              Save segment
            </button>
            {cannotWrite && (
              <span className="muted hint" id={`${id}-why`}>
                {cannotWrite}
              </span>
            )}
            {unparsed.length > 0 && <span className="field-issues">Fix first: {unparsed[0]}</span>}
            <button type="button" disabled={!dirty || edit.saving} onClick={edit.discard}>
              Discard changes
            </button>
            <button
              type="button"
              className="danger-outline"
              disabled={cannotWrite !== undefined}
              onClick={edit.remove}
            >
              Delete segment
            </button>
          </div>
        </section>
      </IssuesContext.Provider>
    </ValidityContext.Provider>
  )
}
