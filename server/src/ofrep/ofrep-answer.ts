/**
 * An Andon evaluation as the OpenFeature Remote Evaluation Protocol (OFREP 0.3.0) answers it:
 * the value with OpenFeature's reason (core's one mapping), the variant, and the flag's
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

export function ofrepAnswer(
  key: string,
  result: EvaluationResult,
  flag: { version: number; environment: string },
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
    return { key, reason: openFeatureReason(reason), metadata }
  }
  return {
    key,
    value: result.value,
    reason: openFeatureReason(reason),
    variant: openFeatureVariant(result),
    metadata,
  }
}

export const isFailure = (a: OfrepSuccess | OfrepFailure): a is OfrepFailure => 'errorCode' in a
