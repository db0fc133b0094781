/**
 * Live environments: one admin stream per environment that any component follows, shared and
 * reference-counted, each holding the environment's payload as immutable snapshots. Writes the
 * UI makes itself are applied at once too (`applyLocal`), so a switch flips without waiting for
 * the stream to echo it; the version rules make the echo a no-op.
 */
import { payloadSchema, streamDeleteSchema, streamPatchSchema, type Flag } from '@andon/core'
import {
  applyPayloadEvent,
  EMPTY_PAYLOAD_STATE,
  type PayloadEvent,
  type PayloadState,
} from './payload-state.js'
import type { EventSourceMessage, StreamOptions, StreamStatus } from './stream-reader.js'

export interface LiveEnvironment {
  state: PayloadState
  status: StreamStatus
}

export interface LiveRegistry {
  subscribe(env: string, listener: () => void): () => void
  get(env: string): LiveEnvironment
  applyLocal(env: string, event: PayloadEvent): void
  /** Stops every stream: the session ended. */
  close(): void
}

const IDLE: LiveEnvironment = { state: EMPTY_PAYLOAD_STATE, status: 'connecting' }

/** The payload event of an SSE event of the spec's stream, read with core's schemas. */
export function payloadEventOf(sse: EventSourceMessage): PayloadEvent | undefined {
  let data: unknown
  try {
    data = JSON.parse(sse.data)
  } catch {
    return undefined
  }
  const id = sse.id !== undefined && /^\d+$/.test(sse.id) ? Number(sse.id) : undefined
  if (sse.event === 'put') {
    const put = payloadSchema.safeParse(data)
    return put.success ? { type: 'put', payload: put.data } : undefined
  }
  if (sse.event === 'patch') {
    const patch = streamPatchSchema.safeParse(data)
    return patch.success ? { type: 'patch', ...patch.data, id } : undefined
  }
  if (sse.event === 'delete') {
    const gone = streamDeleteSchema.safeParse(data)
    return gone.success ? { type: 'delete', ...gone.data, id } : undefined
  }
  return undefined
}

/** A patch event for a flag the UI has just written. */
export function flagPatch(flag: Flag): PayloadEvent {
  return { type: 'patch', kind: 'flag', key: flag.key, version: flag.version, value: flag }
}

export function createLiveRegistry(options: {
  follow: (options: StreamOptions) => () => void
  urlOf?: (env: string) => string
  onUnauthorized?: () => void
  /** Called when an event from the stream (not a local write) changed an environment. */
  onStreamChange?: (env: string, before: PayloadState, after: PayloadState) => void
}): LiveRegistry {
  const urlOf =
    options.urlOf ?? ((env: string) => `/api/v1/environments/${encodeURIComponent(env)}/stream`)
  const entries = new Map<
    string,
    {
      value: LiveEnvironment
      listeners: Set<() => void>
      stop?: () => void
      pending: PayloadEvent[]
    }
  >()
  let closed = false

  function entry(env: string) {
    let e = entries.get(env)
    if (!e) {
      e = { value: IDLE, listeners: new Set(), pending: [] }
      entries.set(env, e)
    }
    return e
  }

  function set(env: string, value: LiveEnvironment) {
    const e = entry(env)
    if (value === e.value) return
    e.value = value
    for (const l of [...e.listeners]) l()
  }

  function apply(env: string, event: PayloadEvent, fromStream: boolean) {
    const e = entry(env)
    if (!e.value.state.payload && event.type !== 'put') {
      // Before the first put, keep local writes to replay on top of it.
      e.pending.push(event)
      return
    }
    const before = e.value.state
    let state = applyPayloadEvent(before, event)
    if (event.type === 'put') {
      for (const p of e.pending.splice(0)) state = applyPayloadEvent(state, p)
    }
    if (state === before) return
    set(env, { ...e.value, state })
    if (fromStream) options.onStreamChange?.(env, before, state)
  }

  return {
    get: (env) => entries.get(env)?.value ?? IDLE,
    applyLocal: (env, event) => apply(env, event, false),
    close() {
      closed = true
      for (const e of entries.values()) {
        e.stop?.()
        e.stop = undefined
      }
    },
    subscribe(env, listener) {
      const e = entry(env)
      e.listeners.add(listener)
      if (!e.stop && !closed) {
        e.stop = options.follow({
          url: urlOf(env),
          onEvent: (sse) => {
            const event = payloadEventOf(sse)
            if (event) apply(env, event, true)
          },
          onStatus: (status) => {
            set(env, { ...entry(env).value, status })
            if (status === 'unauthorized') options.onUnauthorized?.()
          },
        })
      }
      return () => {
        e.listeners.delete(listener)
        if (e.listeners.size === 0) {
          // Keep the stream a little while: moving between pages should not reconnect.
          setTimeout(() => {
            if (e.listeners.size === 0 && e.stop) {
              e.stop()
              e.stop = undefined
              e.value = IDLE
            }
          }, 30_000)
        }
      }
    },
  }
}
