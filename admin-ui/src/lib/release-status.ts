/**
 * A release plan's status in words, with its reason: "Paused: ana edited the rollout by hand",
 * "Waiting for approval before step 3", "Rolled back: regression: …". The server's reason is
 * lower case and says what happened; this puts the status before it.
 */
import type { ReleaseInfo } from './release-model.js'

export type StatusTone = 'running' | 'waiting' | 'stopped' | 'done'

export interface StatusWords {
  text: string
  tone: StatusTone
}

/** "paused by ana" after "Paused" says it twice: then the reason reads as the sentence. */
function withReason(status: string, reason: string | null): string {
  if (reason === null || reason === '') return status
  const lead = `${status.toLowerCase()} by `
  if (reason.toLowerCase().startsWith(lead)) return `${status} by ${reason.slice(lead.length)}`
  return `${status}: ${reason}`
}

export function statusWords(plan: Pick<ReleaseInfo, 'status' | 'step' | 'reason'>): StatusWords {
  switch (plan.status) {
    case 'running':
      return { text: withReason('Running', plan.reason), tone: 'running' }
    case 'awaiting-approval':
      // The plan holds step `step`; the one waiting for a person is the next (1-based + 1).
      return { text: `Waiting for approval before step ${plan.step + 2}`, tone: 'waiting' }
    case 'paused':
      return { text: withReason('Paused', plan.reason), tone: 'waiting' }
    case 'completed':
      return { text: 'Completed: everyone gets the released variation', tone: 'done' }
    case 'rolled-back':
      return { text: withReason('Rolled back', plan.reason), tone: 'stopped' }
    case 'switched-off':
      return { text: withReason('Switched off', plan.reason), tone: 'stopped' }
    case 'aborted':
      return { text: withReason('Aborted', plan.reason), tone: 'stopped' }
  }
}
