/**
 * Which queries a change on an environment's stream makes stale: the stream says what changed
 * (a flag's version, its variations, its switch; a segment; the environment's version), and
 * this names the data loaded elsewhere that the change concerns. A write this UI made itself
 * is applied locally first, so its echo changes nothing and invalidates nothing.
 */
import type { Flag } from '@andon/core'
import type { PayloadState } from './payload-state.js'
import { queryKeys } from './query-keys.js'

type QueryKey = readonly unknown[]

const sameVariations = (a: Flag, b: Flag) =>
  a.variations === b.variations || JSON.stringify(a.variations) === JSON.stringify(b.variations)

/** The query keys to invalidate after `before` became `after` in environment `env`. */
export function staleQueries(env: string, before: PayloadState, after: PayloadState): QueryKey[] {
  const was = before.payload
  const now = after.payload
  // The first payload is what the pages loaded alongside: nothing is stale yet.
  if (!was || !now) return []
  const keys: QueryKey[] = []
  if (now.version !== was.version) keys.push(queryKeys.auditLogs)
  for (const key of new Set([...Object.keys(was.flags), ...Object.keys(now.flags)])) {
    const a = was.flags[key]
    const b = now.flags[key]
    if (a === b) continue
    if (!a || !b || !sameVariations(a, b)) keys.push(queryKeys.flags)
    if (!b || a?.version === b.version) continue
    // A release plan's step or its rollback is a flag write too, and so is an approved change.
    keys.push(
      queryKeys.guards(key, env),
      queryKeys.release(key, env),
      queryKeys.changeRequestsOf(env),
    )
    // Switched off by someone else (a guard, an alert, another admin): ask why.
    if (a?.enabled && !b.enabled) keys.push(queryKeys.offReasons)
  }
  for (const key of new Set([...Object.keys(was.segments), ...Object.keys(now.segments)])) {
    if (was.segments[key] === now.segments[key]) continue
    keys.push(queryKeys.segments(env), queryKeys.segment(env, key))
  }
  const seen = new Set<string>()
  return keys.filter((k) => {
    const id = JSON.stringify(k)
    return seen.has(id) ? false : (seen.add(id), true)
  })
}
