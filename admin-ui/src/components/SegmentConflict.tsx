/** A segment version saved elsewhere during an edit: what changed there, and the two ways on. */
import type { SegmentInfo } from '@andon/core'
import { segmentDraftOf } from '../lib/segment-draft.js'
import { DiffTable } from './DiffTable.js'

export function SegmentConflict(props: {
  base: SegmentInfo
  newer: SegmentInfo
  onDiscard(): void
  onKeep(): void
}) {
  const { base, newer } = props
  return (
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
        <button type="button" onClick={props.onDiscard}>
          Discard my edits and load version {newer.version}
        </button>
        <button type="button" className="primary" onClick={props.onKeep}>
          Keep my edits on top of version {newer.version}
        </button>
      </div>
    </div>
  )
}
