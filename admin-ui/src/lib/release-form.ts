/** Defaults of the form that starts a release plan. */
import type { JsonValue } from '@andon/core'

/**
 * The variation a plan releases by default: the first that is not the off variation (the
 * server's control). Without an off variation the control is variation 0, so 1 is released.
 */
export function defaultReleaseVariation(
  variations: readonly JsonValue[],
  offVariation: number | null | undefined,
): number {
  const control = offVariation ?? 0
  const index = variations.findIndex((_, i) => i !== control)
  return index === -1 ? 0 : index
}
