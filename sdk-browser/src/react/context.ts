/**
 * The React context that carries the client, and the values served when there is none
 * (a component rendered outside `AndonProvider` gets the defaults).
 */
import { createContext } from 'react'
import type { EvaluationResult, JsonValue } from '@andon/core'
import type { BrowserClient, ClientStatus } from '../types.js'

export const AndonContext = createContext<BrowserClient | null>(null)

export const NOT_FOUND: EvaluationResult = Object.freeze({
  value: null,
  variationIndex: null,
  reason: Object.freeze({ kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' }),
})

export const NO_CLIENT_STATUS: ClientStatus = Object.freeze({
  ready: false,
  source: 'none',
  connection: 'idle',
  stale: false,
  version: 0,
})

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/** A result held by the client, with the caller's default where it serves none. */
export function withDefault<T extends JsonValue>(
  result: EvaluationResult,
  defaultValue: T,
): EvaluationResult<T> {
  if (result.variationIndex === null) {
    return { ...result, value: defaultValue }
  }
  if (defaultValue !== null && kindOf(result.value) !== kindOf(defaultValue)) {
    return {
      value: defaultValue,
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
    }
  }
  return result as EvaluationResult<T>
}
