/**
 * What the Node client answers when asked for a flag: `isEnabled`, `variation` and
 * `variationDetail` (typed by the default with core's `typedResult`, as in the browser SDK),
 * the typed getters, `allFlags`, and `track`. Every evaluation that serves the caller a
 * variation ends in `expose`, which counts it for the guard: a map lookup and an increment.
 */
import { typedResult, type Context, type FlagStore, type JsonValue, type Reason } from '@andon/core'
import type { AndonClient, EvaluationDetail } from './client-api.js'
import { AndonSdkError } from './errors.js'
import type { Events } from './events.js'

const WRONG_TYPE: Reason = Object.freeze({ kind: 'ERROR', errorKind: 'WRONG_TYPE' })

export interface EvaluationReporting {
  /** Where exposures and metric events go; undefined when the client sends none (or closed). */
  events(): Events | undefined
  /** Told once about tracked values that are not finite numbers. */
  warn(error: AndonSdkError): void
}

export type Evaluations = Pick<
  AndonClient,
  | 'isEnabled'
  | 'variation'
  | 'variationDetail'
  | 'boolVariation'
  | 'stringVariation'
  | 'numberVariation'
  | 'jsonVariation'
  | 'boolVariationDetail'
  | 'stringVariationDetail'
  | 'numberVariationDetail'
  | 'jsonVariationDetail'
  | 'allFlags'
  | 'track'
>

const isBoolean = (v: unknown) => typeof v === 'boolean'
const isString = (v: unknown) => typeof v === 'string'
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
const isJsonStructure = (v: unknown) => typeof v === 'object' && v !== null

/**
 * The client's evaluation methods over `store`. None of them throws.
 * @example
 * const evaluations = createEvaluations(store, { events: () => events, warn: emitError })
 * evaluations.isEnabled('new-checkout', { key: 'user-1' })
 */
export function createEvaluations(store: FlagStore, reporting: EvaluationReporting): Evaluations {
  let warnedInvalidValue = false

  /** Counts an evaluation that served the caller a variation (not a default) as an exposure. */
  function expose(flagKey: string, result: EvaluationDetail) {
    const events = reporting.events()
    if (events !== undefined && result.variationIndex !== null) {
      events.exposure(flagKey, result.variationIndex)
    }
  }

  function evaluate(flagKey: string, context: Context, defaultValue: JsonValue): EvaluationDetail {
    const result = typedResult(store.evaluate(flagKey, context, defaultValue), defaultValue)
    expose(flagKey, result)
    return result
  }

  /** A served value of another type is no exposure: the caller gets its default. */
  function typed<T extends JsonValue>(
    flagKey: string,
    context: Context,
    defaultValue: T,
    accepts: (value: unknown) => boolean,
  ): EvaluationDetail<T> {
    const result = store.evaluate(flagKey, context, defaultValue)
    if (!accepts(result.value)) {
      return { value: defaultValue, variationIndex: null, reason: WRONG_TYPE }
    }
    expose(flagKey, result)
    return result as EvaluationDetail<T>
  }

  function track(metricKey: string, context: Context, value?: number) {
    const events = reporting.events()
    if (events === undefined) return
    if (value != null && !(typeof value === 'number' && Number.isFinite(value * value))) {
      // NaN, an infinity or a non-number would spoil the sum (and the batch) for everyone.
      if (!warnedInvalidValue) {
        warnedInvalidValue = true
        reporting.warn(
          new AndonSdkError(
            'invalid-event',
            `track('${metricKey}') got a value that is not a finite number; such events are ignored`,
          ),
        )
      }
      return
    }
    for (const flagKey of store.flagsWatching(metricKey)) {
      // The variation this context is served, as an exposure would be; not itself an exposure.
      const served = store.evaluate(flagKey, context, null).variationIndex
      if (served !== null) events.metric(metricKey, flagKey, served, value ?? undefined)
    }
  }

  const evaluations: Evaluations = {
    isEnabled(flagKey, context) {
      const result = store.evaluate(flagKey, context, false)
      if (result.value !== true && result.value !== false) return false // not a boolean flag
      expose(flagKey, result)
      return result.value
    },
    variation: (flagKey, context, defaultValue) => evaluate(flagKey, context, defaultValue).value,
    variationDetail: (flagKey, context, defaultValue) => evaluate(flagKey, context, defaultValue),
    boolVariation: (flagKey, context, defaultValue) =>
      evaluations.boolVariationDetail(flagKey, context, defaultValue).value,
    stringVariation: (flagKey, context, defaultValue) =>
      evaluations.stringVariationDetail(flagKey, context, defaultValue).value,
    numberVariation: (flagKey, context, defaultValue) =>
      evaluations.numberVariationDetail(flagKey, context, defaultValue).value,
    jsonVariation: (flagKey, context, defaultValue) =>
      evaluations.jsonVariationDetail(flagKey, context, defaultValue).value,
    boolVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isBoolean),
    stringVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isString),
    numberVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isNumber),
    jsonVariationDetail: (flagKey, context, defaultValue) =>
      typed(flagKey, context, defaultValue, isJsonStructure),
    allFlags(context) {
      const out: Record<string, JsonValue> = {}
      for (const key of store.flagKeys()) out[key] = store.evaluate(key, context, null).value
      return out
    },
    track,
  }
  return evaluations
}
