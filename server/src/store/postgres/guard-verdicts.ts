/**
 * Letting the guards of a flag judge its new figures (guard/judge.ts decides), then carrying
 * out their verdicts in the batch's transaction, under the environment's lock: so a trip
 * happens once however many processes count batches of the flag at the same time. A `disable`
 * verdict switches the flag off through the same flag write as an admin's kill switch (actor
 * `guard`, the evidence in the audit entry); a `notify` verdict is audited.
 */
import { eq } from 'drizzle-orm'
import type { GuardDecision } from '../../guard/guard-model.js'
import type { WindowFigures } from '../../guard/window.js'
import type { Change } from '../store.js'
import type { WatchedFlag } from '../common/event-cells.js'
import {
  GUARD_ACTOR,
  mayJudge,
  regressionAudit,
  trippedValues,
  tripAudit,
  verdictsOf,
} from '../common/guard-rules.js'
import { audit, schema, type EnvRow, type PgCtx } from './context.js'
import { figuresOf } from './guard-windows.js'
import { updateFlagConfig } from './flag-writes.js'

export async function judgeAndCarryOut(
  ctx: PgCtx,
  env: EnvRow,
  flag: WatchedFlag,
  out: Change[],
): Promise<GuardDecision[]> {
  // The judge reads figures synchronously: read those of every guard that may judge first.
  const figures = new Map<number, WindowFigures>()
  for (const g of flag.guards.filter(mayJudge)) figures.set(g.id, await figuresOf(ctx, g))
  const verdicts = verdictsOf(env.key, flag, (g) => figures.get(g.id) as WindowFigures, ctx.now())
  for (const verdict of verdicts) {
    if (verdict.decision.disabled) {
      const options = { actor: GUARD_ACTOR }
      const as = tripAudit(verdict)
      await updateFlagConfig(ctx, flag.key, env.key, { enabled: false }, options, out, as)
    } else {
      await audit(ctx, GUARD_ACTOR, regressionAudit(flag.key, env.key, verdict))
    }
    // A notify guard is tripped too: it has told, and tells again only in a new window.
    await ctx.db
      .update(schema.guards)
      .set(trippedValues(verdict))
      .where(eq(schema.guards.id, verdict.guardId))
  }
  return verdicts.map((v) => v.decision)
}
