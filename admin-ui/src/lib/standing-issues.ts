/**
 * The server's validation issues of a refused save, kept only while what they concern stays as
 * it was: once the person changes the value at an issue's path, its message goes, instead of
 * staying until the next save.
 */
import type { Issue, IssuePath } from './api-error.js'

function valueAt(value: unknown, path: IssuePath): unknown {
  let here = value
  for (const part of path) {
    if (typeof here !== 'object' || here === null) return undefined
    here = (here as Record<string | number, unknown>)[part]
  }
  return here
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

/** The issues found on `then` whose value is unchanged in `now`. */
export function standingIssues(issues: readonly Issue[], then: unknown, now: unknown): Issue[] {
  return issues.filter((i) => same(valueAt(then, i.path), valueAt(now, i.path)))
}
