/**
 * Live environments: one admin stream per environment that any component follows, shared and
 * reference-counted, each holding the environment's payload as immutable snapshots. Writes the
 * UI makes itself are applied at once too (`applyLocal`), so a switch flips without waiting for
 * the stream to echo it; the version rules make the echo a no-op.
 */
import type { Flag, Payload } from '@andon/core'
import {
  applyPayloadEvent,
  EMPTY_PAYLOAD_STATE,
  type PayloadEvent,
  type PayloadState,
} from './payload-state.js'
import type { SseEvent } from './sse-parser.js'
import type { StreamOptions, StreamStatus } from './stream-reader.js'

export interface LiveEnvironment {
  state: PayloadState
  status: StreamStatus
}

export interface LiveRegistry {
  subscribe(env: string, listener: () => void): () => void
  get(env: string): LiveEnvironment
  applyLocal(env: string, event: PayloadEvent): void
}

const IDLE: LiveEnvironment = { state: EMPTY_PAYLOAD_STATE, status: 'connecting' }

/** The payload event of an SSE event of the spec's stream, or undefined when it does not parse. */
export function payloadEventOf(sse: SseEvent): PayloadEvent | undefined {
  let data: unknown
  try {
    data = JSON.parse(sse.data)
  } catch {
    return undefined
  }
  if (typeof data !== 'object' || data === null) return undefined
  const record = data as Record<string, unknown>
  const id = sse.id !== undefined && /^\d+$/.test(sse.id) ? Number(sse.id) : undefined
  if (sse.event === 'put' && typeof record.flags === 'object' && record.flags !== null) {
    const payload = record as unknown as Payload
    return { type: 'put', payload: { ...payload, segments: payload.segments ?? {} } }
  }
  const kind = record.kind
  if ((kind !== 'flag' && kind !== 'segment') || typeof record.key !== 'string') return undefined
  if (typeof record.version !== 'number') return undefined
  if (sse.event === 'patch' && typeof record.value === 'object' && record.value !== null) {
    return {
      type: 'patch',
      kind,
      key: record.key,
      version: record.version,
      value: record.value,
      id,
    }
  }
  if (sse.event === 'delete')
    return { type: 'delete', kind, key: record.key, version: record.version, id }
  return undefined
}

/** A patch event for a flag the UI has just written. */
export function flagPatch(flag: Flag): PayloadEvent {
  return { type: 'patch', kind: 'flag', key: flag.key, version: flag.version, value: flag }
}

export function createLiveRegistry(options: {
  token: string
  follow: (options: StreamOptions) => () => void
  urlOf?: (env: string) => string
  onUnauthorized?: () => void
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

  function apply(env: string, event: PayloadEvent) {
    const e = entry(env)
    if (!e.value.state.payload && event.type !== 'put') {
      // Before the first put, keep local writes to replay on top of it.
      e.pending.push(event)
      return
    }
    let state = applyPayloadEvent(e.value.state, event)
    if (event.type === 'put') {
      for (const p of e.pending.splice(0)) state = applyPayloadEvent(state, p)
    }
    if (state !== e.value.state) set(env, { ...e.value, state })
  }

  return {
    get: (env) => entries.get(env)?.value ?? IDLE,
    applyLocal: apply,
    subscribe(env, listener) {
      const e = entry(env)
      e.listeners.add(listener)
      if (!e.stop) {
        e.stop = options.follow({
          url: urlOf(env),
          token: options.token,
          onEvent: (sse) => {
            const event = payloadEventOf(sse)
            if (event) apply(env, event)
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
