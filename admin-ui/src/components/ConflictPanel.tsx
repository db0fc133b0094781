/**
 * A newer version saved elsewhere while this one was edited: what changed there, the edits that
 * are not saved, and the choice to drop them or keep them on top of the newer version.
 */
import type { Flag } from '@andon/core'
import { draftOf, overlappingFields, type ConfigDraft } from '../lib/config-draft.js'
import { DiffTable } from './DiffTable.js'

export function ConflictPanel(props: {
  reason: 'stale-save' | 'live'
  base: Flag
  newer: Flag
  draft: ConfigDraft
  onDiscard(): void
  onKeep(): void
}) {
  const { base, newer } = props
  const overlap = overlappingFields(base, props.draft, newer)
  return (
    <section className="notice notice-conflict" role="alert" aria-labelledby="conflict-title">
      <h3 id="conflict-title">
        {props.reason === 'stale-save'
          ? `Not saved: version ${newer.version} was saved elsewhere while you edited version ${base.version}`
          : `Version ${newer.version} was saved elsewhere while you were editing`}
      </h3>
      <p>Nothing of yours was overwritten, and nothing of theirs. Their changes:</p>
      <DiffTable before={draftOf(base)} after={draftOf(newer)} caption="Changed elsewhere" />
      <p>Your unsaved edits:</p>
      <DiffTable before={draftOf(base)} after={props.draft} caption="Your edits" />
      {overlap.length > 0 && (
        <p className="notice notice-warning">
          Both of you changed {overlap.join(', ')}: keeping your edits replaces their value there.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onDiscard}>
          Discard my edits and load version {newer.version}
        </button>
        <button type="button" className="primary" onClick={props.onKeep}>
          Keep my edits on top of version {newer.version}
        </button>
      </div>
    </section>
  )
}
