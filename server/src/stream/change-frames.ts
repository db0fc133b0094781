/**
 * A committed change as the exact text each view's connections get: its events framed once
 * per view, in order, each with the change's version as its id. Client-key connections get
 * only the events meant for them, and nothing at all ('') from a change that is not theirs.
 */
import type { Change } from '../store/store.js'
import type { View } from './broker.js'
import { sseFrame } from './sse-frame.js'

export function changeFrames(change: Change): Record<View, string> {
  let server = ''
  let client = ''
  for (const e of change.events) {
    const frame = sseFrame(e.event, change.version, e.data)
    if (e.server) server += frame
    if (e.client) client += frame
  }
  return { server, client }
}

/** Several changes, in order, as one view reads them: the replay of a `Last-Event-ID` resume. */
export function replayFrames(changes: readonly Change[], view: View): string {
  return changes.map((change) => changeFrames(change)[view]).join('')
}
