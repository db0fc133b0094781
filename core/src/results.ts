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

const errorReasons = new Map<ErrorKind, Reason>()

export function errorReason(errorKind: ErrorKind): Reason {
  let reason = errorReasons.get(errorKind)
  if (!reason) {
    reason = Object.freeze({ kind: 'ERROR', errorKind })
    errorReasons.set(errorKind, reason)
  }
  return reason
}

const reasons = createInternTable<Reason>()
const reasonKeys = new WeakMap<Reason, string>()

function keyOfReason(r: Reason): string {
  let key = reasonKeys.get(r)
  if (key === undefined) {
    key = [
      r.kind,
      r.errorKind,
      r.prerequisiteKey,
      r.ruleIndex,
      r.ruleId,
      r.inRollout,
      r.inExperiment,
    ]
      .map((part) => (part === undefined ? '' : String(part)))
      .join('\u0000')
    reasonKeys.set(r, key)
  }
  return key
}

/** The shared, frozen reason with these fields. */
export function reason(fields: Reason): Reason {
  const key = keyOfReason(fields)
  const shared = reasons(key, () => Object.freeze({ ...fields }))
  reasonKeys.set(shared, key)
  return shared
}

const results = createInternTable<Result>()

/** A result that serves the caller's default: `value` is filled in when it is returned. */
export function defaultResult(why: Reason): Result {
  return results('d' + keyOfReason(why), () =>
    Object.freeze({ value: null, variationIndex: null, reason: why }),
  )
}

/** The result serving a variation; shared between flags when the value is a scalar. */
export function servedResult(value: JsonValue, variationIndex: number, why: Reason): Result {
  if (typeof value === 'object' && value !== null) {
    return Object.freeze({ value, variationIndex, reason: why })
  }
  const key = `${typeof value}:${String(value)}\u0000${variationIndex}\u0000${keyOfReason(why)}`
  return results(key, () => Object.freeze({ value, variationIndex, reason: why }))
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
