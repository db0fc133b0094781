/**
 * What the SDK keeps in `localStorage`: the last payload per client key, so the next page
 * load serves it at once (no flicker), and the anonymous key of a visitor without one, so
 * the visitor stays in the same rollout bucket. Storage may be missing (server rendering),
 * full or forbidden (privacy modes): every access is guarded and failure means "not kept".
 */
import { asPayload, parseJson, type Payload } from '@andon/core'
import { attempt } from './attempt.js'
import { randomHex } from './random.js'

/** The part of the Web Storage API the SDK uses; `localStorage` by default. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

const PAYLOAD_PREFIX = 'andon.payload.'
const ANONYMOUS_KEY = 'andon.anonymousKey'

/** `localStorage` when the page has one that works, else null. Touches `window` only when called. */
export function defaultStorage(): KeyValueStorage | null {
  // A sandboxed frame throws on access.
  return attempt(() => (globalThis as { localStorage?: Storage }).localStorage) ?? null
}

export function readPayload(
  storage: KeyValueStorage | null,
  clientKey: string,
): Payload | undefined {
  return asPayload(parseJson(attempt(() => storage?.getItem(PAYLOAD_PREFIX + clientKey))))
}

/** Keeps the payload when storage lets us; else the next load starts from the bootstrap. */
export function writePayload(
  storage: KeyValueStorage | null,
  clientKey: string,
  payload: Payload,
): void {
  attempt(() => storage?.setItem(PAYLOAD_PREFIX + clientKey, JSON.stringify(payload)))
}

/** The visitor's anonymous key: the one kept in storage, or a new one (kept when possible). */
export function anonymousKey(storage: KeyValueStorage | null): string {
  let key = attempt(() => storage?.getItem(ANONYMOUS_KEY))
  if (!key) {
    key = randomHex()
    attempt(() => storage?.setItem(ANONYMOUS_KEY, key!))
  }
  return key
}
