/**
 * What both SDKs' OpenFeature providers (and the server's OFREP answers) report for an Andon
 * result, written once: the variant, the resolution reason, the error code and message, and
 * the flag metadata (`openFeatureResolution` puts them together). Core depends on no
 * OpenFeature package, so these are the strings of OpenFeature's `StandardResolutionReasons`
 * and `ErrorCode`, which the providers pass on as they are.
 *
 * A failed prerequisite is reported as `PREREQUISITE_FAILED`, Andon's own reason, which the
 * OpenFeature specification allows ("or some other string indicating the semantic reason"):
 * `DISABLED` would say that the flag is switched off, and it is on; only one of the flags it
 * depends on does not serve the variation it needs.
 */
import type { ErrorKind, EvaluationResult, Flag, JsonValue, Reason } from './model.js'

/** An OpenFeature resolution reason: a standard one, or Andon's `PREREQUISITE_FAILED`. */
export type OpenFeatureReason =
  | 'STATIC'
  | 'DEFAULT'
  | 'TARGETING_MATCH'
  | 'SPLIT'
  | 'DISABLED'
  | 'ERROR'
  | 'UNKNOWN'
  | 'PREREQUISITE_FAILED'

/**
 * The OpenFeature error codes that Andon's error kinds map to, and the two that only a
 * provider's state gives (no data yet; a key the server refused).
 */
export type OpenFeatureErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'PARSE_ERROR'
  | 'TARGETING_KEY_MISSING'
  | 'TYPE_MISMATCH'
  | 'GENERAL'
  | 'PROVIDER_NOT_READY'
  | 'PROVIDER_FATAL'

/**
 * A rollout is a SPLIT, a target or a rule TARGETING_MATCH, the fallthrough of a static flag
 * (`isStatic`: one without targeting) STATIC and of one whose targeting did not match the
 * DEFAULT, an off flag DISABLED, a failed prerequisite PREREQUISITE_FAILED, an error ERROR.
 * @example openFeatureReason({ kind: 'FALLTHROUGH', inRollout: true }) // 'SPLIT'
 */
export function openFeatureReason(reason: Reason, isStatic = false): OpenFeatureReason {
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
      return reason.inRollout ? 'SPLIT' : isStatic ? 'STATIC' : 'DEFAULT'
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

/**
 * The variant OpenFeature and OFREP report: the served variation's name, else its index as a
 * string; none when the caller's default is served.
 * @example openFeatureVariant({ value: 'blue', variationIndex: 1, reason }) // '1'
 * @example openFeatureVariant({ value: 'blue', variationIndex: 1, variationName: 'treatment', reason }) // 'treatment'
 */
export function openFeatureVariant(result: EvaluationResult<unknown>): string | undefined {
  if (result.variationIndex === null) return undefined
  return result.variationName ?? String(result.variationIndex)
}

/** Where a provider stands: a result only counts while it is `ready`. */
export type OpenFeatureProviderState = 'ready' | 'not-ready' | 'fatal'

/** What a provider knows of the held flag: its version and environment, whether it is static. */
export interface OpenFeatureFlagInfo {
  version: number
  environment: string
  /** No prerequisite, no target value, no rule: every context gets the fallthrough. */
  static: boolean
}

/**
 * The info of a wire flag held in `environment`, for `openFeatureResolution`.
 * @example openFeatureFlagInfo(payload.flags['banner'], payload.environment)
 * // { version: 7, environment: 'production', static: true }
 */
export function openFeatureFlagInfo(
  flag: Partial<Flag> | undefined,
  environment: string,
): OpenFeatureFlagInfo | undefined {
  if (flag === undefined) return undefined
  const targeted = (flag.targets ?? []).some((t) => (t.values ?? []).length > 0)
  return {
    version: typeof flag.version === 'number' ? flag.version : 0,
    environment,
    static: !targeted && !flag.prerequisites?.length && !flag.rules?.length,
  }
}

/** What a provider hands OpenFeature for one evaluation (its `ResolutionDetails`). */
export interface OpenFeatureResolution<T = JsonValue> {
  value: T
  variant?: string
  reason: OpenFeatureReason
  errorCode?: OpenFeatureErrorCode
  errorMessage?: string
  flagMetadata: Record<string, string | number | boolean>
}

function errorMessage(flagKey: string, errorKind: ErrorKind | undefined): string {
  switch (errorKind) {
    case 'FLAG_NOT_FOUND':
      return `flag '${flagKey}' was not found`
    case 'MALFORMED_FLAG':
      return `flag '${flagKey}' is malformed and cannot be evaluated`
    case 'TARGETING_KEY_MISSING':
      return `flag '${flagKey}' buckets by an attribute the context lacks or cannot use`
    case 'WRONG_TYPE':
      return `flag '${flagKey}' serves a value of another type than the default`
    default:
      return `flag '${flagKey}' could not be evaluated`
  }
}

const STATE_ERRORS = {
  'not-ready': ['PROVIDER_NOT_READY', 'the provider has no flag data yet'],
  fatal: ['PROVIDER_FATAL', 'the server refused the key; the provider will not recover'],
} as const

/**
 * One evaluation as OpenFeature wants it, the same in both SDKs: the value served (the
 * caller's default on any error), the variant, the reason, on errors a code and a message,
 * and the flag metadata (Andon's reason, the flag's version and its environment). A provider
 * that is not ready or fatal answers with that error whatever the result says.
 * @example
 * openFeatureResolution('banner', store.evaluate('banner', ctx, 'none'), 'none', 'ready', info)
 * // { value: 'blue', variant: 'treatment', reason: 'TARGETING_MATCH', flagMetadata: { ... } }
 */
export function openFeatureResolution<T>(
  flagKey: string,
  result: EvaluationResult<unknown>,
  defaultValue: T,
  state: OpenFeatureProviderState,
  flag: OpenFeatureFlagInfo | undefined,
): OpenFeatureResolution<T> {
  const flagMetadata = openFeatureMetadata(result.reason)
  if (flag) {
    flagMetadata.version = flag.version
    flagMetadata.environment = flag.environment
  }
  if (state !== 'ready') {
    const [errorCode, message] = STATE_ERRORS[state]
    return { value: defaultValue, reason: 'ERROR', errorCode, errorMessage: message, flagMetadata }
  }
  const { reason } = result
  if (reason.kind === 'ERROR') {
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: openFeatureErrorCode(reason.errorKind),
      errorMessage: errorMessage(flagKey, reason.errorKind),
      flagMetadata,
    }
  }
  const variant = openFeatureVariant(result)
  return {
    value: variant === undefined ? defaultValue : (result.value as T),
    ...(variant !== undefined && { variant }),
    reason: openFeatureReason(reason, flag?.static),
    flagMetadata,
  }
}
