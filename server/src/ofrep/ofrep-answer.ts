/**
 * An Andon evaluation as the OpenFeature Remote Evaluation Protocol (OFREP 0.3.0) answers it:
 * the value with OpenFeature's reason (core's one mapping, so the fallthrough of a flag with
 * nothing to target is STATIC, as both SDKs' providers say), the variant, and the flag's
 * version and environment as metadata; or the error code and details. A flag that serves no
 * variation (off, with no off variation) leaves out `value`, which tells the provider to use
 * the code's default.
 */
import {
  openFeatureErrorCode,
  openFeatureReason,
  openFeatureVariant,
  type EvaluationResult,
  type JsonValue,
} from '@andon/core'

export interface OfrepSuccess {
  key: string
  value?: JsonValue
  reason: string
  variant?: string
  metadata: { version: number; environment: string }
}

export interface OfrepFailure {
  key: string
  errorCode: string
  errorDetails: string
}

/** What the answer says about the flag: its version, its environment, whether it is static. */
export interface OfrepFlagInfo {
  version: number
  environment: string
  /** No prerequisite, target or rule (core's `openFeatureFlagInfo`). */
  static: boolean
}

/**
 * @example
 * ofrepAnswer('banner', evaluator.evaluate('banner', context, null), {
 *   version: 3, environment: 'production', static: true,
 * }) // { key: 'banner', value: true, reason: 'STATIC', variant: '1', metadata: { ... } }
 */
export function ofrepAnswer(
  key: string,
  result: EvaluationResult,
  flag: OfrepFlagInfo,
): OfrepSuccess | OfrepFailure {
  const reason = result.reason
  if (reason.kind === 'ERROR') {
    const errorCode = openFeatureErrorCode(reason.errorKind)
    const errorDetails =
      errorCode === 'FLAG_NOT_FOUND'
        ? `flag '${key}' was not found`
        : `flag '${key}' could not be evaluated: ${reason.errorKind}`
    return { key, errorCode, errorDetails }
  }
  const metadata = { version: flag.version, environment: flag.environment }
  if (result.variationIndex === null) {
    return { key, reason: openFeatureReason(reason, flag.static), metadata }
  }
  return {
    key,
    value: result.value,
    reason: openFeatureReason(reason, flag.static),
    variant: openFeatureVariant(result),
    metadata,
  }
}

export const isFailure = (a: OfrepSuccess | OfrepFailure): a is OfrepFailure => 'errorCode' in a
