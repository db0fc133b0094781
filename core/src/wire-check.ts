/**
 * The SDKs' checks of what the server sends (a payload from the stream, polling, a
 * bootstrap or a cache; stream `patch` and `delete` events): the same lenient shape as
 * `payloadSchema`, `streamPatchSchema` and `streamDeleteSchema`, written by hand so that the
 * browser bundle holds no zod. Written once here, so both SDKs accept and refuse the same
 * data. Only the envelope is checked: a flag that is odd in detail still reaches the
 * evaluator, which serves MALFORMED_FLAG for that flag alone.
 */
import { isObject } from './compile-flag.js'
import type { ItemDelete, ItemPatch } from './flag-store.js'
import type { Payload } from './model.js'

/** An object with a string `key` and a numeric `version`: a flag, a segment, an event. */
function isItem(v: unknown): v is Record<string, unknown> {
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

function isItemHeader(data: unknown): data is Record<string, unknown> {
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

/**
 * JSON.parse that answers undefined instead of throwing.
 * @example parseJson(event.data) // undefined for '{"a":'
 */
export function parseJson(text: unknown): unknown {
  try {
    // Callers check what they get: a non-string is read as its string form (null as null).
    return JSON.parse(text as string) as unknown
  } catch {
    return undefined
  }
}

/**
 * The data of a stream event, checked as its name says (`put`: a payload, `patch`, `delete`),
 * or undefined when it does not parse or check.
 * @example parseStreamEvent('patch', '{"kind":"flag","key":"a","version":2,"value":{...}}')
 */
export function parseStreamEvent(
  name: 'put' | 'patch' | 'delete',
  text: unknown,
): Payload | ItemPatch | ItemDelete | undefined {
  const data = parseJson(text)
  return name === 'put' ? asPayload(data) : name === 'patch' ? asPatch(data) : asDelete(data)
}
