/**
 * One segment: included and excluded keys and rules, saved with If-Match. A stale save shows
 * the newer state; changes made elsewhere replace an unedited form live.
 */
import type { SegmentRule } from '@andon/core'
import { useCallback, useEffect, useState } from 'react'
import { ValidityContext, useValidityCollector } from '../hooks/useFieldValidity.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useSession } from '../hooks/useSession.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import type { SegmentInfo } from '../lib/andon-api.js'
import { newRuleId, removeAt, replaceAt } from '../lib/config-draft.js'
import { ClauseList } from './ClauseList.js'
import { DiffTable } from './DiffTable.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { IssueSummary } from './IssueSummary.js'
import { KeyListField } from './KeyListField.js'

interface SegmentDraft {
  name: string
  description: string
  included: string[]
  excluded: string[]
  rules: SegmentRule[]
}

const draftOf = (s: SegmentInfo): SegmentDraft => ({
  name: s.name ?? s.key,
  description: s.description ?? '',
  included: s.included ?? [],
  excluded: s.excluded ?? [],
  rules: s.rules ?? [],
})
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** My edits (against `base`) on top of `newer`: fields I did not touch keep their newer value. */
function rebaseSegment(base: SegmentInfo, draft: SegmentDraft, newer: SegmentInfo): SegmentDraft {
  const from = draftOf(base)
  const next = draftOf(newer)
  for (const field of Object.keys(next) as (keyof SegmentDraft)[]) {
    if (!same(from[field], draft[field])) Object.assign(next, { [field]: draft[field] })
  }
  return next
}

export function SegmentEditor(props: { env: string; segmentKey: string; onDeleted(): void }) {
  const { api } = useSession()
  const live = useLiveEnvironment(props.env)
  const [base, setBase] = useState<SegmentInfo>()
  const [draft, setDraft] = useState<SegmentDraft>()
  const [revision, setRevision] = useState(0)
  const [issues, setIssues] = useState<Issue[]>([])
  const [error, setError] = useState<string>()
  const [newer, setNewer] = useState<SegmentInfo>()
  const [saving, setSaving] = useState(false)
  const { invalid, report } = useValidityCollector()
  const unparsed = Object.values(invalid)

  const replace = useCallback((s: SegmentInfo) => {
    setBase(s)
    setDraft(draftOf(s))
    setRevision((r) => r + 1)
    setNewer(undefined)
  }, [])

  const load = useCallback(
    () => api.segment(props.env, props.segmentKey).then(replace, (e: Error) => setError(e.message)),
    [api, props.env, props.segmentKey, replace],
  )
  useEffect(() => void load(), [load])

  const dirty = base !== undefined && draft !== undefined && !same(draftOf(base), draft)
  useWarnBeforeLeaving(dirty)
  const liveVersion = live?.state.payload?.segments[props.segmentKey]?.version
  useEffect(() => {
    if (saving || liveVersion === undefined || !base || liveVersion <= base.version) return
    if (!dirty) void load()
    else if (!newer || newer.version < liveVersion) {
      api.segment(props.env, props.segmentKey).then(setNewer, () => {})
    }
  }, [liveVersion, base, dirty, load, newer, saving, api, props.env, props.segmentKey])

  async function save() {
    if (!base || !draft) return
    setSaving(true)
    setError(undefined)
    setIssues([])
    try {
      replace(await api.updateSegment(props.env, props.segmentKey, draft, base.version))
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        try {
          setNewer(await api.segment(props.env, props.segmentKey))
        } catch (again) {
          setError(`${e.message} Loading the newer version failed: ${(again as Error).message}`)
        }
      } else {
        if (e instanceof ApiError) setIssues(e.issues)
        setError((e as Error).message)
      }
    } finally {
      setSaving(false)
    }
  }

  async function remove() {
    try {
      await api.deleteSegment(props.env, props.segmentKey)
      props.onDeleted()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  if (!base || !draft)
    return error ? <ErrorNote error={error} /> : <p className="muted">Loading…</p>
  const id = `segment-${props.segmentKey}`
  return (
    <ValidityContext.Provider value={report}>
      <IssuesContext.Provider value={issues}>
        <section className="card" aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`}>
            {base.key}{' '}
            <span className="muted">
              in {props.env} · version {base.version}
            </span>
          </h2>
          {newer && (
            <div className="notice notice-conflict" role="alert">
              <h3>
                Version {newer.version} was saved elsewhere while you edited version {base.version}
              </h3>
              <DiffTable
                before={draftOf(base)}
                after={draftOf(newer)}
                caption="Changed elsewhere"
              />
              <div className="actions">
                <button type="button" onClick={() => replace(newer)}>
                  Discard my edits and load version {newer.version}
                </button>
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    setDraft(rebaseSegment(base, draft, newer))
                    setBase(newer)
                    setRevision((r) => r + 1)
                    setNewer(undefined)
                  }}
                >
                  Keep my edits on top of version {newer.version}
                </button>
              </div>
            </div>
          )}
          <ErrorNote error={error} />
          <IssueSummary issues={issues} title="These need fixing:" />
          <div key={revision}>
            <div className="grid-2">
              <div className="field">
                <label htmlFor={`${id}-name`}>Name</label>
                <input
                  id={`${id}-name`}
                  value={draft.name}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                />
                <FieldIssues path={['name']} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-description`}>Description</label>
                <input
                  id={`${id}-description`}
                  value={draft.description}
                  onChange={(e) => setDraft({ ...draft, description: e.target.value })}
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
                  onChange={(included) => setDraft({ ...draft, included })}
                />
                <FieldIssues path={['included']} />
              </div>
              <div>
                <KeyListField
                  id={`${id}-excluded`}
                  label="Excluded context keys"
                  keys={draft.excluded}
                  hint="Never in it, whatever the rules say."
                  onChange={(excluded) => setDraft({ ...draft, excluded })}
                />
                <FieldIssues path={['excluded']} />
              </div>
            </div>
            <h3>Rules</h3>
            <p className="muted">
              A context is in the segment when any rule matches (all its conditions).
            </p>
            {draft.rules.map((rule, i) => (
              <fieldset className="rule card-inner" key={rule.id ?? i}>
                <legend>Segment rule {i + 1}</legend>
                <ClauseList
                  id={`${id}-rule-${i}`}
                  name={`Segment rule ${i + 1}`}
                  clauses={rule.clauses}
                  segments={[]}
                  allowSegments={false}
                  path={['rules', i, 'clauses']}
                  onChange={(clauses) =>
                    setDraft({ ...draft, rules: replaceAt(draft.rules, i, { ...rule, clauses }) })
                  }
                />
                <button
                  type="button"
                  className="danger"
                  onClick={() => setDraft({ ...draft, rules: removeAt(draft.rules, i) })}
                >
                  Remove segment rule {i + 1}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              onClick={() =>
                setDraft({
                  ...draft,
                  rules: [
                    ...draft.rules,
                    {
                      id: newRuleId(draft.rules),
                      clauses: [{ attribute: 'email', op: 'endsWith', values: [] }],
                    },
                  ],
                })
              }
            >
              Add segment rule
            </button>
          </div>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!dirty || saving || unparsed.length > 0}
              onClick={() => void save()}
            >
              Save segment
            </button>
            {unparsed.length > 0 && <span className="field-issues">Fix first: {unparsed[0]}</span>}
            <button type="button" disabled={!dirty || saving} onClick={() => replace(base)}>
              Discard changes
            </button>
            <button type="button" className="danger-outline" onClick={() => void remove()}>
              Delete segment
            </button>
          </div>
        </section>
      </IssuesContext.Provider>
    </ValidityContext.Provider>
  )
}
