/**
 * What the browser client serves: the result of every flag for the current context, worked
 * out when the data or the context changes rather than on each read. A read is then a map
 * lookup (React reads on every render), and each change names exactly the flags whose value
 * changed, so only their subscribers run.
 */
import type { Context, EvaluationResult, FlagStore } from '@andon/core'

/** Whether a new result serves what the old one did (a new reason alone is no change). */
function sameValue(a: EvaluationResult, b: EvaluationResult): boolean {
  return (
    a.variationIndex === b.variationIndex && JSON.stringify(a.value) === JSON.stringify(b.value)
  )
}

/**
 * Re-evaluates `flagKeys` for `context` into `results` (a flag the store no longer has is
 * dropped, so the default is served again); returns the keys whose value changed. The store
 * never throws.
 * @example
 * const results = new Map<string, EvaluationResult>()
 * refreshResults(results, store, { key: 'user-1' }, store.flagKeys()) // every flag, at first
 */
export function refreshResults(
  results: Map<string, EvaluationResult>,
  store: FlagStore,
  context: Context,
  flagKeys: Iterable<string>,
): string[] {
  const changed: string[] = []
  for (const flagKey of flagKeys) {
    const before = results.get(flagKey)
    const after = store.has(flagKey) ? store.evaluate(flagKey, context, null) : undefined
    if (after === undefined) {
      if (results.delete(flagKey)) changed.push(flagKey)
    } else if (before !== after) {
      // The flag's results are built when it is compiled: the same object, the same outcome.
      results.set(flagKey, after)
      if (before === undefined || !sameValue(before, after)) changed.push(flagKey)
    }
  }
  return changed
}
