/**
 * One segment: included and excluded keys and rules, saved with If-Match. The form shows the
 * newest version (the stream makes the query stale) until the person edits; a version saved
 * elsewhere meanwhile, or a stale save, then shows as a conflict to resolve.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ValidityContext, useValidityCollector } from '../hooks/useFieldValidity.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useSaveIssues } from '../hooks/useSaveIssues.js'
import { useSession } from '../hooks/useSession.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import type { SegmentInfo } from '../lib/answers.js'
import { ApiError } from '../lib/api-error.js'
import { queryKeys } from '../lib/query-keys.js'
import {
  rebaseSegment,
  segmentChanged,
  segmentDraftIssues,
  segmentDraftOf,
  type SegmentDraft,
} from '../lib/segment-draft.js'
import { DiffTable } from './DiffTable.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { IssueSummary } from './IssueSummary.js'
import { KeyListField } from './KeyListField.js'
import { SegmentRulesEditor } from './SegmentRulesEditor.js'

export function SegmentEditor(props: { env: string; segmentKey: string; onDeleted(): void }) {
  const { api } = useSession()
  const segment = useQuery({
    queryKey: queryKeys.segment(props.env, props.segmentKey),
    queryFn: () => api.segment(props.env, props.segmentKey),
  })
  if (!segment.data) {
    return segment.error ? <ErrorNote error={segment.error} /> : <p className="muted">Loading…</p>
  }
  return <SegmentForm {...props} latest={segment.data} />
}

function SegmentForm(props: {
  env: string
  segmentKey: string
  latest: SegmentInfo
  onDeleted(): void
}) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const { latest, env, segmentKey } = props
  /** The edit and the version it started from; none while the form shows `latest` as it is. */
  const [edit, setEdit] = useState<{ base: SegmentInfo; draft: SegmentDraft }>()
  /** Bumped when the form is replaced from outside the fields, so that they read it again. */
  const [generation, setGeneration] = useState(0)
  const [error, setError] = useState<string>()
  const { invalid, report } = useValidityCollector()
  const unparsed = Object.values(invalid)
  const dirty = edit !== undefined && segmentChanged(edit.base, edit.draft)
  const base = dirty ? edit.base : latest
  const draft = dirty ? edit.draft : segmentDraftOf(latest)
  const issues = useSaveIssues(draft, (d) => segmentDraftIssues(base, d))
  useWarnBeforeLeaving(dirty)
  const queryKey = queryKeys.segment(env, segmentKey)

  const save = useMutation({
    mutationFn: (input: { draft: SegmentDraft; version: number }) =>
      api.updateSegment(env, segmentKey, input.draft, input.version),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey, saved)
      void queryClient.invalidateQueries({ queryKey: queryKeys.segments(env) })
      setEdit(undefined)
      issues.clear()
    },
    onError: (e, input) => {
      // A stale save: load the newer version, which then shows as the conflict.
      if (e instanceof ApiError && e.status === 412) {
        void queryClient.invalidateQueries({ queryKey })
        return
      }
      if (e instanceof ApiError) issues.refused(input.draft, e.issues)
      setError(e.message)
    },
  })
  const remove = useMutation({
    mutationFn: () => api.deleteSegment(env, segmentKey),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey })
      void queryClient.invalidateQueries({ queryKey: queryKeys.segments(env) })
      props.onDeleted()
    },
    onError: (e) => setError(e.message),
  })
  // During a save the stream may bring our own write before the answer: no conflict then.
  const newer = dirty && !save.isPending && latest.version > base.version ? latest : undefined

  const change = (next: Partial<SegmentDraft>) => setEdit({ base, draft: { ...draft, ...next } })
  const replace = (next?: { base: SegmentInfo; draft: SegmentDraft }) => {
    setEdit(next)
    setGeneration((g) => g + 1)
    issues.clear()
  }

  function submit() {
    setError(undefined)
    if (issues.tried(draft).length > 0) return
    save.mutate({ draft, version: base.version })
  }

  const id = `segment-${segmentKey}`
  return (
    <ValidityContext.Provider value={report}>
      <IssuesContext.Provider value={issues.issues}>
        <section className="card" aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`}>
            {base.key}{' '}
            <span className="muted">
              in {env} · version {base.version}
            </span>
          </h2>
          {newer && (
            <div className="notice notice-conflict" role="alert">
              <h3>
                Version {newer.version} was saved elsewhere while you edited version {base.version}
              </h3>
              <DiffTable
                before={segmentDraftOf(base)}
                after={segmentDraftOf(newer)}
                caption="Changed elsewhere"
              />
              <div className="actions">
                <button type="button" onClick={() => replace()}>
                  Discard my edits and load version {newer.version}
                </button>
                <button
                  type="button"
                  className="primary"
                  onClick={() => replace({ base: newer, draft: rebaseSegment(base, draft, newer) })}
                >
                  Keep my edits on top of version {newer.version}
                </button>
              </div>
            </div>
          )}
          <ErrorNote error={error} />
          <IssueSummary issues={issues.issues} title="These need fixing:" />
          <div key={`${base.version}/${generation}`}>
            <div className="grid-2">
              <div className="field">
                <label htmlFor={`${id}-name`}>Name</label>
                <input
                  id={`${id}-name`}
                  value={draft.name}
                  onChange={(e) => change({ name: e.target.value })}
                />
                <FieldIssues path={['name']} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-description`}>Description</label>
                <input
                  id={`${id}-description`}
                  value={draft.description}
                  onChange={(e) => change({ description: e.target.value })}
                />
                <FieldIssues path={['description']} />
              </div>
            </div>
            <div className="grid-2">
              <div>
                <KeyListField
                  id={`${id}-included`}
                  label="Included context keys"
                  keys={draft.included}
                  hint="Always in the segment."
                  onChange={(included) => change({ included })}
                />
                <FieldIssues path={['included']} />
              </div>
              <div>
                <KeyListField
                  id={`${id}-excluded`}
                  label="Excluded context keys"
                  keys={draft.excluded}
                  hint="Never in it, whatever the rules say."
                  onChange={(excluded) => change({ excluded })}
                />
                <FieldIssues path={['excluded']} />
              </div>
            </div>
            <SegmentRulesEditor
              id={id}
              rules={draft.rules}
              onChange={(rules) => change({ rules })}
            />
          </div>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!dirty || save.isPending || unparsed.length > 0}
              onClick={submit}
            >
              Save segment
            </button>
            {unparsed.length > 0 && <span className="field-issues">Fix first: {unparsed[0]}</span>}
            <button type="button" disabled={!dirty || save.isPending} onClick={() => replace()}>
              Discard changes
            </button>
            <button type="button" className="danger-outline" onClick={() => remove.mutate()}>
              Delete segment
            </button>
          </div>
        </section>
      </IssuesContext.Provider>
    </ValidityContext.Provider>
  )
}
