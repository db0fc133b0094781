/**
 * What the SDK keeps in `localStorage`: the last payload per client key, so the next page
 * load serves it at once (no flicker), and the anonymous key of a visitor without one, so
 * the visitor stays in the same rollout bucket. Storage may be missing (server rendering),
 * full or forbidden (privacy modes): every access is guarded and failure means "not kept".
 */
import type { Payload } from '@andon/core'
import { asPayload, parseJson } from './wire.js'

/** The part of the Web Storage API the SDK uses; `localStorage` by default. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

const PAYLOAD_PREFIX = 'andon.payload.'
const ANONYMOUS_KEY = 'andon.anonymousKey'

/** `localStorage` when the page has one that works, else null. Touches `window` only when called. */
export function defaultStorage(): KeyValueStorage | null {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage
    return storage ?? null
  } catch {
    return null // a sandboxed frame throws on access
  }
}

export function readPayload(
  storage: KeyValueStorage | null,
  clientKey: string,
): Payload | undefined {
  try {
    return asPayload(parseJson(storage?.getItem(PAYLOAD_PREFIX + clientKey)))
  } catch {
    return undefined
  }
}

export function writePayload(
  storage: KeyValueStorage | null,
  clientKey: string,
  payload: Payload,
): void {
  try {
    storage?.setItem(PAYLOAD_PREFIX + clientKey, JSON.stringify(payload))
  } catch {
    // Quota or privacy mode: the next page load starts from the bootstrap or the defaults.
  }
}

function randomKey(random: (() => number) | undefined): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (random === undefined && typeof crypto?.randomUUID === 'function') return crypto.randomUUID()
  let key = ''
  for (let i = 0; i < 32; i++) key += Math.floor((random ?? Math.random)() * 16).toString(16)
  return key
}

/** The visitor's anonymous key: the one kept in storage, or a new one (kept when possible). */
export function anonymousKey(
  storage: KeyValueStorage | null,
  random: (() => number) | undefined,
): string {
  try {
    const kept = storage?.getItem(ANONYMOUS_KEY)
    if (kept) return kept
  } catch {
    // fall through to a new key for this page
  }
  const key = randomKey(random)
  try {
    storage?.setItem(ANONYMOUS_KEY, key)
  } catch {
    // kept for this client only
  }
  return key
}
