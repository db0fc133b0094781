/**
 * The flag's `metrics` tell SDKs which tracked events to attribute to its variations. Setting
 * guards sets them, but they can also be edited by hand: a guarded metric taken out of the
 * list silently starves its guard, so the editor warns about it.
 */

/** Guarded metrics that the edited `metrics` list no longer holds, in the guards' order. */
export function missingGuardedMetrics(
  metrics: readonly string[] | undefined,
  guarded: readonly string[],
): string[] {
  const kept = new Set(metrics ?? [])
  return [...new Set(guarded)].filter((m) => !kept.has(m))
}
