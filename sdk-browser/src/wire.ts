/**
 * Hand checks of what the server sends: the same lenient shape as core's `payloadSchema`,
 * `streamPatchSchema` and `streamDeleteSchema`, without zod, which alone would take the whole
 * size budget of the browser bundle. Only the envelope is checked: a flag that is odd in
 * detail still reaches the evaluator, which serves MALFORMED_FLAG for that flag alone.
 */
import type { ItemDelete, ItemPatch, Payload } from '@andon/core'

type Obj = Record<string, unknown>

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}

/** Whether every entry of a flags or segments record is an object with a key and a version. */
function isItemRecord(v: unknown): boolean {
  if (!isObject(v)) return false
  for (const key in v) {
    const item = v[key]
    if (!isObject(item) || typeof item.key !== 'string' || typeof item.version !== 'number') {
      return false
    }
  }
  return true
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
    isVersion(data.version) &&
    isItemRecord(data.flags) &&
    isItemRecord(data.segments)
  ) {
    return data as unknown as Payload
  }
  return undefined
}

function isItemHeader(data: unknown): data is Obj {
  return (
    isObject(data) &&
    (data.kind === 'flag' || data.kind === 'segment') &&
    typeof data.key === 'string' &&
    typeof data.version === 'number'
  )
}

/**
 * The data of a stream `patch` event, or undefined when it is not one.
 * @example const patch = asPatch(JSON.parse(event.data))
 */
export function asPatch(data: unknown): ItemPatch | undefined {
  if (!isItemHeader(data)) return undefined
  const value = data.value
  if (!isObject(value) || typeof value.key !== 'string' || typeof value.version !== 'number') {
    return undefined
  }
  return data as unknown as ItemPatch
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
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
