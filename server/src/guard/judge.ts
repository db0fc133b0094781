/**
 * The guard's decision after a batch (the store calls it inside the batch's transaction and
 * carries out what it says): each guard of the flag that has not acted in its window judges
 * the trusted figures; on a regression a `disable` guard switches the flag off, and a
 * `notify` guard tells, once per window. A flag already switched off has no release left to
 * stop, so once one guard disabled it, later `disable` guards stay quiet.
 */
import { assessStrata } from './assess.js'
import type { GuardDecision, GuardSettings, VariationFigures } from './guard-model.js'
import { trustedFigures, type WindowFigures } from './window.js'

export interface JudgedGuard {
  id: number
  settings: GuardSettings
  /** When the guard last acted in this window; null while it watches. */
  trippedAt: number | null
  since: number
  /** Read only for a guard that judges: one that acted in this window has nothing to say. */
  figures: () => WindowFigures
}

export interface JudgedFlag {
  key: string
  environment: string
  variationCount: number
  enabled: boolean
  guards: readonly JudgedGuard[]
}

/** What one guard decided: the decision for the webhook, the evidence for the audit log. */
export interface Verdict {
  guardId: number
  decision: GuardDecision
  detail: Record<string, unknown>
}

export function judge(flag: JudgedFlag, now: number): Verdict[] {
  const verdicts: Verdict[] = []
  let enabled = flag.enabled
  for (const g of flag.guards) {
    const settings = g.settings
    if (g.trippedAt !== null) continue
    if (settings.action === 'disable' && !enabled) continue
    const { totals, sources } = trustedFigures(settings, g.figures())
    const judged = assessStrata(settings, flag.variationCount, totals)
    const comparison = judged.regression
    if (comparison === undefined) continue
    const control = judged.variations[settings.control] as VariationFigures
    const treatment = judged.variations[comparison.variation] as VariationFigures
    const disabled = settings.action === 'disable'
    if (disabled) enabled = false
    verdicts.push({
      guardId: g.id,
      detail: {
        ...settings,
        decision: settings.action,
        variation: comparison.variation,
        since: g.since,
        comparison,
        figures: [control, treatment],
        sources,
      },
      decision: {
        flag: flag.key,
        environment: flag.environment,
        metric: settings.metric,
        kind: settings.kind,
        action: settings.action,
        disabled,
        at: now,
        control,
        treatment,
        comparison,
        threshold: settings.threshold,
        alpha: settings.alpha,
        sources,
      },
    })
  }
  return verdicts
}
