/**
 * The guard's decision after a batch, inside the batch's transaction: each guard of the flag
 * that has not acted in its window judges it; on a regression a `disable` guard switches the
 * flag off through the same flag write as an admin's kill switch (actor `guard`, the evidence
 * in the audit entry), and a `notify` guard records it, once per window. Either guard is then
 * `tripped` until a new window. Both decisions are returned for the webhook, which is sent
 * after the commit.
 */
import { eq } from 'drizzle-orm'
import { assess } from '../../guard/assess.js'
import type { GuardDecision, VariationFigures } from '../../guard/guard-model.js'
import type { Change } from '../store.js'
import { audit, schema, type Ctx, type EnvRow } from './context.js'
import { settingsOf, trustedTotals, type GuardRow } from './guard-windows.js'
import { updateFlagConfig } from './flag-writes.js'

export const GUARD_ACTOR = { name: 'guard' }

export interface WatchedFlag {
  id: number
  key: string
  variationCount: number
  enabled: boolean
  /** The metrics its SDKs attribute in this environment: its `metrics` and its guards'. */
  metrics: Set<string>
  guards: GuardRow[]
}

export function decide(ctx: Ctx, env: EnvRow, flag: WatchedFlag, out: Change[]): GuardDecision[] {
  const decisions: GuardDecision[] = []
  let enabled = flag.enabled
  for (const g of flag.guards) {
    if (g.trippedAt !== null) continue
    // A flag that is already off has no release left to stop.
    if (g.action === 'disable' && !enabled) continue
    const settings = settingsOf(g)
    const { totals, sources } = trustedTotals(ctx, g)
    const judged = assess(settings, flag.variationCount, totals)
    const comparison = judged.regression
    if (comparison === undefined) continue
    const now = ctx.now()
    const control = judged.variations[g.control] as VariationFigures
    const treatment = judged.variations[comparison.variation] as VariationFigures
    const detail = {
      ...settings,
      decision: g.action,
      variation: comparison.variation,
      since: g.since,
      comparison,
      figures: [control, treatment],
      sources,
    }
    if (g.action === 'disable') {
      updateFlagConfig(ctx, flag.key, env.key, { enabled: false }, { actor: GUARD_ACTOR }, out, {
        action: 'guard.tripped',
        detail,
      })
      ctx.db.update(schema.guards).set({ trippedAt: now }).where(eq(schema.guards.id, g.id)).run()
      enabled = false
    } else {
      audit(ctx, GUARD_ACTOR, {
        action: 'guard.regression',
        targetKind: 'flag',
        targetKey: flag.key,
        environment: env.key,
        before: null,
        after: { detail },
      })
      // Tripped too: it has told, and tells again only in a new window.
      ctx.db
        .update(schema.guards)
        .set({ trippedAt: now, notifiedAt: now })
        .where(eq(schema.guards.id, g.id))
        .run()
    }
    decisions.push({
      flag: flag.key,
      environment: env.key,
      metric: g.metric,
      kind: g.kind,
      action: g.action,
      disabled: g.action === 'disable',
      at: now,
      control,
      treatment,
      comparison,
      threshold: g.threshold,
      alpha: g.alpha,
      sources,
    })
  }
  return decisions
}
