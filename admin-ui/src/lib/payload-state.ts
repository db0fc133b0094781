/**
 * An environment's payload as immutable snapshots for React, kept current by the admin stream's
 * `put`, `patch` and `delete` events with the spec's version rules: an item changes only when an
 * event's version is newer than the one held, and a deleted item's version is remembered.
 */
import type { Flag, Payload, Segment } from '@andon/core'

export interface PayloadState {
  payload: Payload | undefined
  /** Versions of deleted items, so a late older patch does not bring them back. */
  deleted: Readonly<Record<string, number>>
}

export const EMPTY_PAYLOAD_STATE: PayloadState = { payload: undefined, deleted: {} }

export type PayloadEvent =
  | { type: 'put'; payload: Payload }
  | {
      type: 'patch'
      kind: 'flag' | 'segment'
      key: string
      version: number
      value: unknown
      id?: number
    }
  | { type: 'delete'; kind: 'flag' | 'segment'; key: string; version: number; id?: number }

const itemId = (kind: string, key: string) => `${kind}:${key}`

function heldVersion(state: PayloadState, kind: 'flag' | 'segment', key: string): number {
  const items = kind === 'flag' ? state.payload?.flags : state.payload?.segments
  const held = items?.[key]?.version
  return Math.max(held ?? -1, state.deleted[itemId(kind, key)] ?? -1)
}

/** The next state after one event; the same object when the event changes nothing. */
export function applyPayloadEvent(state: PayloadState, event: PayloadEvent): PayloadState {
  if (event.type === 'put') return { payload: event.payload, deleted: {} }
  const payload = state.payload
  if (!payload) return state
  if (event.version <= heldVersion(state, event.kind, event.key)) return state
  const version = Math.max(payload.version, event.id ?? 0)
  if (event.type === 'patch') {
    const deleted = { ...state.deleted }
    delete deleted[itemId(event.kind, event.key)]
    return event.kind === 'flag'
      ? {
          deleted,
          payload: {
            ...payload,
            version,
            flags: { ...payload.flags, [event.key]: event.value as Flag },
          },
        }
      : {
          deleted,
          payload: {
            ...payload,
            version,
            segments: { ...payload.segments, [event.key]: event.value as Segment },
          },
        }
  }
  const deleted = { ...state.deleted, [itemId(event.kind, event.key)]: event.version }
  if (event.kind === 'flag') {
    const { [event.key]: _gone, ...flags } = payload.flags
    return { deleted, payload: { ...payload, version, flags } }
  }
  const { [event.key]: _gone, ...segments } = payload.segments
  return { deleted, payload: { ...payload, version, segments } }
}
