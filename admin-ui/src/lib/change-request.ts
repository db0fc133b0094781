/**
 * A change request as the page shows it: the edit apart from its comment, who may decide it
 * (an editor of the environment who did not write it) and who may withdraw it (its author),
 * and its age in words.
 */
import type { ChangeActor, ChangeRequestInfo, FlagConfig, SessionActor } from '@andon/core'
import { needsFor } from './permissions.js'

/** The edit and its comment, as the author sent them. */
export function requestedEdit(change: Record<string, unknown>): {
  patch: Partial<FlagConfig>
  comment: string | undefined
} {
  const { comment, ...patch } = change
  return {
    patch: patch as Partial<FlagConfig>,
    comment: typeof comment === 'string' ? comment : undefined,
  }
}

export const isMe = (me: SessionActor, actor: ChangeActor) =>
  actor.kind === me.kind && actor.id === String(me.id)

/** Why `me` may not approve or reject the request, or undefined when they may. */
export function whyNotDecide(me: SessionActor, request: ChangeRequestInfo): string | undefined {
  if (isMe(me, request.author)) return 'Someone else must approve your own change.'
  const needs = needsFor(me, { kind: 'write', environment: request.environment })
  return needs ? `Only editors of ${request.environment} decide changes there.` : undefined
}

/** How long ago, in one short phrase. */
export function ageText(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`
  return `${Math.round(hours / 24)} days ago`
}

const STATUS_WORDS: Record<ChangeRequestInfo['status'], string> = {
  open: 'awaiting approval',
  applied: 'approved and applied',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  failed: 'approved, but applying it failed',
}

export const statusText = (request: ChangeRequestInfo) => STATUS_WORDS[request.status]
