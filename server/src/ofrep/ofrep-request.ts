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
  if (!isFlat(context) && nestedDeeperThan(context, MAX_JSON_DEPTH)) {
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'context is nested too deep' }
  }
  const { targetingKey, ...attributes } = context as Record<string, unknown>
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return { ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: 'targetingKey is not a string' }
  }
  // Assigned, not spread into a second copy: a `key` already there keeps its place either way.
  if (targetingKey !== undefined) attributes.key = targetingKey
  return { ok: true, context: attributes as Context }
}

/** No attribute is an object or array: one level deep, the usual context, with no walk to make. */
function isFlat(context: object): boolean {
  for (const key in context) {
    const value = (context as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null) return false
  }
  return true
}
