/**
 * The shape of `spec/vectors/evaluation.json`, the executable form of the spec that core, both
 * SDKs and the server run in their tests. Types only.
 */
import type { Context, JsonValue, Payload } from './model.js'

/** One case: what `context` must get for `flag`, serving `default` when no variation is. */
export interface EvaluationCase {
  name: string
  flag: string
  context: Context
  default: JsonValue
  expect: {
    value: JsonValue
    variationIndex: number | null
    /** The served variation's name; absent when it has none. */
    variationName?: string
    reason: Record<string, unknown>
  }
}

export interface EvaluationVectors {
  payload: Payload
  cases: EvaluationCase[]
}
