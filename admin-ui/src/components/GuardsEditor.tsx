/**
 * Edits the whole list of a flag's guards in one environment: add, change, remove, then one
 * Save sends them all with `PUT .../guards`. Problems are found with lib/guard-form.ts before
 * sending, and the server's 422 lands at the same fields.
 */
import type { JsonValue } from '@andon/core'
import { useState } from 'react'
import { IssuesContext } from '../hooks/useIssues.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import {
  draftsChanged,
  guardIssueLabel,
  NEW_GUARD,
  parseGuardDrafts,
  type GuardDraft,
} from '../lib/guard-form.js'
import type { GuardInput } from '../lib/guard-model.js'
import { ErrorNote } from './ErrorNote.js'
import { GuardFields } from './GuardFields.js'
import { IssueSummary } from './IssueSummary.js'

/** The server takes at most this many guards per flag and environment. */
export const MAX_GUARDS = 20

export function GuardsEditor(props: {
  id: string
  initial: readonly GuardDraft[]
  variations: readonly JsonValue[]
  offVariation: number | null
  onSave(guards: GuardInput[]): Promise<unknown>
  onCancel(): void
}) {
  // Each row keeps its React key while rows above it come and go.
  const [rows, setRows] = useState(() => props.initial.map((draft, key) => ({ key, draft })))
  const [issues, setIssues] = useState<Issue[]>([])
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)
  useWarnBeforeLeaving(
    draftsChanged(
      props.initial,
      rows.map((r) => r.draft),
    ),
  )

  async function save() {
    const parsed = parseGuardDrafts(
      rows.map((r) => r.draft),
      props.variations.length,
    )
    setIssues(parsed.issues)
    setError(undefined)
    if (!('guards' in parsed)) return
    setSaving(true)
    try {
      await props.onSave(parsed.guards)
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) setIssues(e.issues)
      else setError((e as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <IssuesContext.Provider value={issues}>
      <form
        className="guards-editor"
        aria-label="Edit guards"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <IssueSummary
          issues={issues.map((i) => ({
            path: [],
            message: `${guardIssueLabel(i.path)}: ${i.message}`,
          }))}
          title="These need fixing before the guards can be saved:"
        />
        <ErrorNote error={error} />
        {rows.length === 0 && (
          <p className="muted">No guards: saving removes every guard of this flag here.</p>
        )}
        {rows.map((row, i) => (
          <GuardFields
            key={row.key}
            id={`${props.id}-${row.key}`}
            index={i}
            draft={row.draft}
            variations={props.variations}
            offVariation={props.offVariation}
            onChange={(draft) =>
              setRows((old) => old.map((r) => (r.key === row.key ? { ...r, draft } : r)))
            }
            onRemove={() => {
              setRows((old) => old.filter((r) => r.key !== row.key))
              setIssues([])
            }}
          />
        ))}
        <p className="muted hint">
          Saving starts a new observation window: the figures so far are set aside, and every guard
          waits for its minimum samples again.
        </p>
        <div className="actions">
          <button
            type="button"
            disabled={rows.length >= MAX_GUARDS}
            onClick={() =>
              setRows((old) => [
                ...old,
                { key: Math.max(-1, ...old.map((r) => r.key)) + 1, draft: NEW_GUARD },
              ])
            }
          >
            Add guard
          </button>
          <span className="spacer" />
          <button type="button" onClick={props.onCancel} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save guards'}
          </button>
        </div>
      </form>
    </IssuesContext.Provider>
  )
}
