/**
 * Reasons and results built once and shared: the hot path returns these objects instead of
 * allocating new ones. They are frozen so that no caller can change what others receive.
 */
import { createInternTable } from './intern.js'
import type { ErrorKind, EvaluationResult, JsonValue, Reason } from './model.js'

export type Result = EvaluationResult<JsonValue>

export const REASON_OFF: Reason = Object.freeze({ kind: 'OFF' })
export const REASON_FALLTHROUGH: Reason = Object.freeze({ kind: 'FALLTHROUGH' })
export const REASON_TARGET_MATCH: Reason = Object.freeze({ kind: 'TARGET_MATCH' })

const shared = createInternTable<object>()

/** The one frozen object with these fields, shared by every equal request (JSON decides). */
function share<T extends object>(fields: T): T {
  return shared(JSON.stringify(fields), () => Object.freeze(fields)) as T
}

/** The shared, frozen reason with these fields. */
export function reason(fields: Reason): Reason {
  return share(fields)
}

export function errorReason(errorKind: ErrorKind): Reason {
  return reason({ kind: 'ERROR', errorKind })
}

/** A result that serves the caller's default: `value` is filled in when it is returned. */
export function defaultResult(why: Reason): Result {
  return share({ value: null, variationIndex: null, reason: why })
}

/** The result serving a variation; shared between flags when the value is a scalar. */
export function servedResult(
  value: JsonValue,
  variationIndex: number,
  why: Reason,
  variationName?: string | false,
): Result {
  // A name is never empty (spec), so a plain truth test leaves unnamed results as they were.
  const result = { value, variationIndex, reason: why, ...(variationName && { variationName }) }
  return typeof value === 'object' && value !== null ? Object.freeze(result) : share(result)
}

export const FLAG_NOT_FOUND = defaultResult(errorReason('FLAG_NOT_FOUND'))
export const MALFORMED_FLAG = defaultResult(errorReason('MALFORMED_FLAG'))
export const TARGETING_KEY_MISSING = defaultResult(errorReason('TARGETING_KEY_MISSING'))

/**
 * Thrown while compiling a flag whose structure the evaluator cannot use, and caught there:
 * it never reaches a caller, so it carries no message (which would only add to the bundle).
 */
export class MalformedFlagError extends Error {}
