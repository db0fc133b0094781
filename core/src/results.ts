/**
 * Reasons and results built once and shared: the hot path returns these objects instead of
 * allocating new ones. They are frozen so that no caller can change what others receive.
 */
import type { ErrorKind, EvaluationResult, JsonValue, Reason } from './model.js'

export type Result = EvaluationResult<JsonValue>

export const REASON_OFF: Reason = Object.freeze({ kind: 'OFF' })
export const REASON_FALLTHROUGH: Reason = Object.freeze({ kind: 'FALLTHROUGH' })
export const REASON_TARGET_MATCH: Reason = Object.freeze({ kind: 'TARGET_MATCH' })

const errorReasons = new Map<ErrorKind, Reason>()

export function errorReason(errorKind: ErrorKind): Reason {
  let reason = errorReasons.get(errorKind)
  if (!reason) {
    reason = Object.freeze({ kind: 'ERROR', errorKind })
    errorReasons.set(errorKind, reason)
  }
  return reason
}

/** A result that serves the caller's default: `value` is filled in when it is returned. */
export function defaultResult(reason: Reason): Result {
  return Object.freeze({ value: null, variationIndex: null, reason })
}

export function servedResult(value: JsonValue, variationIndex: number, reason: Reason): Result {
  return Object.freeze({ value, variationIndex, reason })
}

export const FLAG_NOT_FOUND = defaultResult(errorReason('FLAG_NOT_FOUND'))
export const MALFORMED_FLAG = defaultResult(errorReason('MALFORMED_FLAG'))
export const TARGETING_KEY_MISSING = defaultResult(errorReason('TARGETING_KEY_MISSING'))

/** Thrown while compiling a flag whose structure the evaluator cannot use. */
export class MalformedFlagError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedFlagError'
  }
}
