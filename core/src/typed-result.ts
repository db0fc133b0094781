/**
 * What `variation` and `variationDetail` serve in both SDKs, written once: the evaluation's
 * result, checked against the type of the caller's default. A flag that serves a value of
 * another kind than a non-null default (a string where the code expects a boolean) serves
 * the default with reason ERROR / WRONG_TYPE, and counts no exposure; a `null` default takes
 * any JSON value. Kinds: null, boolean, number, string, array and object.
 */
import type { EvaluationResult, JsonValue } from './model.js'
import { errorReason } from './results.js'

/** The kind of a JSON value, arrays apart from objects. */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/**
 * The result a caller gets for `defaultValue`: its default where no variation is served or
 * where the one served is of another kind.
 * @example typedResult(store.evaluate('banner', ctx, null), 'none').value // a string
 */
export function typedResult(result: EvaluationResult, defaultValue: JsonValue): EvaluationResult {
  if (result.variationIndex === null) {
    return result.value === defaultValue ? result : { ...result, value: defaultValue }
  }
  if (defaultValue === null || kindOf(result.value) === kindOf(defaultValue)) return result
  return { value: defaultValue, variationIndex: null, reason: errorReason('WRONG_TYPE') }
}
