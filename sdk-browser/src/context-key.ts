/**
 * The context the browser client evaluates for: a frozen copy of the one given, with the
 * visitor's anonymous key (kept in storage) when it has no `key`, so a visitor stays in the
 * same rollout bucket from one page load to the next.
 */
import type { Context } from '@andon/core'
import { attempt } from './attempt.js'
import { anonymousKey, type KeyValueStorage } from './storage.js'

/**
 * The context with a key: its own, or the visitor's anonymous key when `storage` exists
 * (where nothing could keep it, as in server rendering, the key stays out). Never throws.
 * @example withKey({ plan: 'pro' }, localStorage) // { plan: 'pro', key: '3f9c...' }
 */
export function withKey(input: Context | undefined, storage: KeyValueStorage | null): Context {
  if (typeof input !== 'object' || input === null) input = {}
  const context: Context | undefined = attempt(() => ({ ...input }))
  // A getter threw: evaluation will say MALFORMED_FLAG, and not throw.
  if (!context) return input
  if (context.key == null && storage !== null) context.key = anonymousKey(storage)
  return Object.freeze(context)
}
