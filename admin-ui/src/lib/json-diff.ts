/**
 * The differences between two JSON values as a flat list of paths with their before and after
 * values: what the audit log shows for each entry, and the conflict view for a stale save.
 */
import { formatPath, type IssuePath } from './api-error.js'

export interface Difference {
  path: string
  kind: 'added' | 'removed' | 'changed'
  before?: unknown
  after?: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Paths where `before` and `after` differ, in document order; arrays compare by index. */
export function jsonDiff(before: unknown, after: unknown, limit = 500): Difference[] {
  const out: Difference[] = []
  function walk(a: unknown, b: unknown, path: IssuePath) {
    if (out.length >= limit) return
    if (a === undefined && b === undefined) return
    if (a === undefined) return void out.push({ path: formatPath(path), kind: 'added', after: b })
    if (b === undefined) {
      return void out.push({ path: formatPath(path), kind: 'removed', before: a })
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i])
      return
    }
    if (isObject(a) && isObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)])
      for (const key of keys) walk(a[key], b[key], [...path, key])
      return
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push({ path: formatPath(path), kind: 'changed', before: a, after: b })
    }
  }
  const a = before ?? undefined
  const b = after ?? undefined
  // A created or deleted item reads better field by field than as one blob.
  if (a === undefined && isObject(b)) walk({}, b, [])
  else if (b === undefined && isObject(a)) walk(a, {}, [])
  else walk(a, b, [])
  return out
}

/** A value as short JSON text for a diff cell. */
export function shortJson(value: unknown, max = 120): string {
  if (value === undefined) return ''
  const text = JSON.stringify(value) ?? String(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
