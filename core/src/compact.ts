/**
 * How a held flag takes little memory: a shallow copy that shares its common parts with
 * other flags (boolean variations, fixed serves, equal rollouts, empty lists, its key string),
 * so the objects of a parsed payload can be collected once it is loaded. Shared parts are
 * frozen; every copy is equal, as JSON, to the flag it was made from.
 */
import { createInternTable } from './intern.js'

const NONE: readonly never[] = Object.freeze([])
const variationLists = createInternTable<readonly unknown[]>()
const serves = createInternTable<unknown>()

/** Variation lists longer than this are kept as they are: rarely shared, costly to key. */
const SHARED_LIST_LIMIT = 16
/** Serves whose JSON is longer than this are kept as they are. */
const SHARED_SERVE_LIMIT = 512

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const part of Object.values(value)) deepFreeze(part)
    Object.freeze(value)
  }
  return value
}

/** The variations of every boolean flag. */
const BOOLEAN_VARIATIONS = Object.freeze([false, true])

function shareVariations(value: unknown): unknown {
  if (!Array.isArray(value) || value.length > SHARED_LIST_LIMIT) return value
  if (value.length === 2 && value[0] === false && value[1] === true) return BOOLEAN_VARIATIONS
  let key = ''
  for (const v of value) {
    if (typeof v === 'object' && v !== null) return value
    key += typeof v + ':' + String(v) + '\u0000'
  }
  return variationLists(key, () => Object.freeze([...value]))
}

/** `{ variation: i }` for small i, the most common serve of all. */
const FIXED_SERVES = Array.from({ length: 64 }, (_, variation) => Object.freeze({ variation }))

function shareServe(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const variation = (value as { variation?: unknown }).variation
  if (
    typeof variation === 'number' &&
    Number.isInteger(variation) &&
    variation >= 0 &&
    variation < FIXED_SERVES.length &&
    Object.keys(value).length === 1
  ) {
    return FIXED_SERVES[variation]
  }
  const key = JSON.stringify(value)
  if (key.length > SHARED_SERVE_LIMIT) return value
  return serves(key, () => deepFreeze(JSON.parse(key)))
}

/** The compact form of a flag held under `key`; anything unusual is kept as it is. */
export function compactFlag(key: string, raw: unknown): unknown {
  try {
    return compactCopy(key, raw)
  } catch {
    return raw // e.g. a serve nested too deeply to serialize: the evaluator will judge it
  }
}

const LIST_FIELDS = ['prerequisites', 'targets', 'rules', 'metrics'] as const

function compactCopy(key: string, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  if (Object.hasOwn(raw, '__proto__')) return raw
  // A spread copies the own fields in order, fast; then the shareable ones are swapped in.
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) }
  if (copy.key === key) copy.key = key
  if (copy.variations !== undefined) copy.variations = shareVariations(copy.variations)
  if (copy.fallthrough !== undefined) copy.fallthrough = shareServe(copy.fallthrough)
  for (const field of LIST_FIELDS) {
    const list = copy[field]
    if (Array.isArray(list) && list.length === 0) copy[field] = NONE
  }
  return copy
}
