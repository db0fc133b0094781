/** A release plan's steps in order: each one's percentage and hold, where the plan stands. */
import type { TimelineRow } from '../lib/release-timeline.js'

const MARK = { done: '✓', current: '▶', stopped: '✕', pending: '' } as const
const SAID = { done: 'done', current: 'current step', stopped: 'stopped here', pending: '' }

export function ReleaseTimeline(props: { rows: readonly TimelineRow[]; label: string }) {
  return (
    <ol className="release-timeline" aria-label={props.label}>
      {props.rows.map((row) => (
        <li
          key={row.number}
          className={`release-step release-step-${row.state}`}
          aria-current={row.state === 'current' ? 'step' : undefined}
        >
          <span className="release-step-mark" aria-hidden="true">
            {MARK[row.state]}
          </span>
          <span className="release-step-percent">{row.percent}</span>
          <span className="release-step-hold">for {row.hold}</span>
          {row.approval && <span className="tag">approval</span>}
          {SAID[row.state] && <span className="visually-hidden">({SAID[row.state]})</span>}
        </li>
      ))}
    </ol>
  )
}
