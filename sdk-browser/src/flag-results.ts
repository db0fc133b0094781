/**
 * What the browser client serves: the result of every flag for the current context, worked
 * out when the data or the context changes rather than on each read.
 */
import type { Context, EvaluationResult, FlagStore } from '@andon/core'

function sameValue(a: EvaluationResult, b: EvaluationResult): boolean {
  return (
    a.variationIndex === b.variationIndex && JSON.stringify(a.value) === JSON.stringify(b.value)
  )
}

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
      results.set(flagKey, after)
      if (before === undefined || !sameValue(before, after)) changed.push(flagKey)
    }
  }
  return changed
}
