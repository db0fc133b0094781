/**
 * Letting the guards of a flag judge its new figures (guard/judge.ts decides), then carrying
 * out their verdicts in the batch's transaction: a `disable` verdict switches the flag off
 * through the same flag write as an admin's kill switch (actor `guard`, the evidence in the
 * audit entry); a `notify` verdict is audited. Either guard is then `tripped` until a new
 * window. The decisions are returned for the webhook, which is sent after the commit.
 */
import { eq } from 'drizzle-orm'
import type { GuardDecision } from '../../guard/guard-model.js'
import type { Change } from '../store.js'
import type { WatchedFlag } from '../common/event-cells.js'
import {
  GUARD_ACTOR,
  regressionAudit,
  trippedValues,
  tripAudit,
  verdictsOf,
} from '../common/guard-rules.js'
import { audit, schema, type Ctx, type EnvRow } from './context.js'
import { figuresOf } from './guard-windows.js'
import { updateFlagConfig } from './flag-writes.js'

export { GUARD_ACTOR, type WatchedFlag }

export function judgeAndCarryOut(
  ctx: Ctx,
  env: EnvRow,
  flag: WatchedFlag,
  out: Change[],
): GuardDecision[] {
  const verdicts = verdictsOf(env.key, flag, (g) => figuresOf(ctx, g), ctx.now())
  for (const verdict of verdicts) {
    if (verdict.decision.disabled) {
      const options = { actor: GUARD_ACTOR }
      updateFlagConfig(ctx, flag.key, env.key, { enabled: false }, options, out, tripAudit(verdict))
    } else {
      audit(ctx, GUARD_ACTOR, regressionAudit(flag.key, env.key, verdict))
    }
    // A notify guard is tripped too: it has told, and tells again only in a new window.
    ctx.db
      .update(schema.guards)
      .set(trippedValues(verdict))
      .where(eq(schema.guards.id, verdict.guardId))
      .run()
  }
  return verdicts.map((v) => v.decision)
}
