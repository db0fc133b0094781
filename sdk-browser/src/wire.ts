/**
 * Hand checks of what the server sends: the same lenient shape as core's `payloadSchema`,
 * `streamPatchSchema` and `streamDeleteSchema`, without zod, which alone would take the whole
 * size budget of the browser bundle. Only the envelope is checked: a flag that is odd in
 * detail still reaches the evaluator, which serves MALFORMED_FLAG for that flag alone.
 */
import type { ItemDelete, ItemPatch, Payload } from '@andon/core'

import { attempt } from './attempt.js'

type Obj = Record<string, unknown>

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** An object with a string `key` and a numeric `version`: a flag, a segment, an event. */
function isItem(v: unknown): v is Obj {
  return isObject(v) && typeof v.key === 'string' && typeof v.version === 'number'
}

/** Whether every entry of a flags or segments record is an item. */
function isItemRecord(v: unknown): boolean {
  return isObject(v) && Object.values(v).every(isItem)
}

/**
 * The payload in `data`, or undefined when its envelope is not one.
 * @example asPayload(JSON.parse(text)) ?? keepWhatWeHave
 */
export function asPayload(data: unknown): Payload | undefined {
  if (
    isObject(data) &&
    data.schemaVersion === 1 &&
    typeof data.environment === 'string' &&
    Number.isInteger(data.version) &&
    (data.version as number) >= 0 &&
    isItemRecord(data.flags) &&
    isItemRecord(data.segments)
  ) {
    return data as unknown as Payload
  }
  return undefined
}

function isItemHeader(data: unknown): data is Obj {
  return isItem(data) && (data.kind === 'flag' || data.kind === 'segment')
}

/**
 * The data of a stream `patch` event, or undefined when it is not one.
 * @example const patch = asPatch(JSON.parse(event.data))
 */
export function asPatch(data: unknown): ItemPatch | undefined {
  return isItemHeader(data) && isItem(data.value) ? (data as unknown as ItemPatch) : undefined
}

/**
 * The data of a stream `delete` event, or undefined when it is not one.
 * @example const removal = asDelete(JSON.parse(event.data))
 */
export function asDelete(data: unknown): ItemDelete | undefined {
  return isItemHeader(data) ? (data as unknown as ItemDelete) : undefined
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: unknown): unknown {
  return typeof text === 'string' ? attempt(() => JSON.parse(text) as unknown) : undefined
}
