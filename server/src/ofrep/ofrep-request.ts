/**
 * An OFREP request's evaluation context: `{ "context": { "targetingKey": …, … } }`, where
 * `targetingKey` is Andon's `key`. What is not such a body is a 400 with OFREP's error codes
 * (PARSE_ERROR for what is not JSON, INVALID_CONTEXT for a context that is not an object).
 */
import { MAX_JSON_DEPTH, nestedDeeperThan, type Context } from '@andon/core'

export type ParsedContext =
  | { ok: true; context: Context }
  | { ok: false; errorCode: 'PARSE_ERROR' | 'INVALID_CONTEXT'; errorDetails: string }

export function contextOf(text: string): ParsedContext {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ok: false, errorCode: 'PARSE_ERROR', errorDetails: 'the body is not JSON' }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errorCode: 'PARSE_ERROR', errorDetails: 'the body is not a JSON object' }
  }
  const context = (body as { context?: unknown }).context ?? {}
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'context is not an object' }
  }
  if (nestedDeeperThan(context, MAX_JSON_DEPTH)) {
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'context is nested too deep' }
  }
  const { targetingKey, ...attributes } = context as Record<string, unknown>
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'targetingKey is not a string' }
  }
  return {
    ok: true,
    context: (targetingKey === undefined
      ? attributes
      : { ...attributes, key: targetingKey }) as Context,
  }
}
