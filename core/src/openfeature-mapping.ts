/**
 * What both SDKs' OpenFeature providers report for an Andon result, written once: the
 * resolution reason, the error code and the flag metadata. Core depends on no OpenFeature
 * package, so these are the strings of OpenFeature's `StandardResolutionReasons` and
 * `ErrorCode`, which the providers pass on as they are.
 *
 * A failed prerequisite is reported as `PREREQUISITE_FAILED`, Andon's own reason, which the
 * OpenFeature specification allows ("or some other string indicating the semantic reason"):
 * `DISABLED` would say that the flag is switched off, and it is on; only one of the flags it
 * depends on does not serve the variation it needs.
 */
import type { ErrorKind, Reason } from './model.js'

/** An OpenFeature resolution reason: a standard one, or Andon's `PREREQUISITE_FAILED`. */
export type OpenFeatureReason =
  'DEFAULT' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'ERROR' | 'UNKNOWN' | 'PREREQUISITE_FAILED'

/** The OpenFeature error codes that Andon's error kinds map to. */
export type OpenFeatureErrorCode =
  'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'TYPE_MISMATCH' | 'GENERAL'

/**
 * A rollout is a SPLIT, a target or a rule TARGETING_MATCH, a plain fallthrough the DEFAULT,
 * an off flag DISABLED, a failed prerequisite PREREQUISITE_FAILED, an error ERROR.
 * @example openFeatureReason({ kind: 'FALLTHROUGH', inRollout: true }) // 'SPLIT'
 */
export function openFeatureReason(reason: Reason): OpenFeatureReason {
  switch (reason.kind) {
    case 'OFF':
      return 'DISABLED'
    case 'PREREQUISITE_FAILED':
      return 'PREREQUISITE_FAILED'
    case 'TARGET_MATCH':
      return 'TARGETING_MATCH'
    case 'RULE_MATCH':
      return reason.inRollout ? 'SPLIT' : 'TARGETING_MATCH'
    case 'FALLTHROUGH':
      return reason.inRollout ? 'SPLIT' : 'DEFAULT'
    case 'ERROR':
      return 'ERROR'
    default:
      return 'UNKNOWN'
  }
}

/**
 * @example openFeatureErrorCode('WRONG_TYPE') // 'TYPE_MISMATCH'
 */
export function openFeatureErrorCode(errorKind: ErrorKind | undefined): OpenFeatureErrorCode {
  switch (errorKind) {
    case 'FLAG_NOT_FOUND':
      return 'FLAG_NOT_FOUND'
    case 'MALFORMED_FLAG':
      return 'PARSE_ERROR'
    case 'TARGETING_KEY_MISSING':
      return 'TARGETING_KEY_MISSING'
    case 'WRONG_TYPE':
      return 'TYPE_MISMATCH'
    default:
      return 'GENERAL'
  }
}

/**
 * The flag metadata of a result: Andon's reason kind and the details that come with it.
 * @example openFeatureMetadata({ kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'beta' })
 * // { andonReason: 'RULE_MATCH', ruleId: 'beta', ruleIndex: 0 }
 */
export function openFeatureMetadata(reason: Reason): Record<string, string | number | boolean> {
  const metadata: Record<string, string | number | boolean> = { andonReason: reason.kind }
  if (reason.ruleId !== undefined) metadata.ruleId = reason.ruleId
  if (reason.ruleIndex !== undefined) metadata.ruleIndex = reason.ruleIndex
  if (reason.prerequisiteKey !== undefined) metadata.prerequisiteKey = reason.prerequisiteKey
  if (reason.inExperiment) metadata.inExperiment = true
  return metadata
}
