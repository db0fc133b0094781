/**
 * Letting the guards of a flag judge its new figures (guard/judge.ts decides), then carrying
 * out their verdicts in the batch's transaction: a `disable` verdict switches the flag off
 * through the same flag write as an admin's kill switch (actor `guard`, the evidence in the
 * audit entry); a `notify` verdict is audited. Either guard is then `tripped` until a new
 * window. The decisions are returned for the webhook, which is sent after the commit.
 */
import { eq } from 'drizzle-orm'
import { judge } from '../../guard/judge.js'
import type { GuardDecision } from '../../guard/guard-model.js'
import type { Change } from '../store.js'
import { audit, schema, type Ctx, type EnvRow } from './context.js'
import { figuresOf, settingsOf, type GuardRow } from './guard-windows.js'
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

export function judgeAndCarryOut(
  ctx: Ctx,
  env: EnvRow,
  flag: WatchedFlag,
  out: Change[],
): GuardDecision[] {
  const verdicts = judge(
    {
      key: flag.key,
      environment: env.key,
      variationCount: flag.variationCount,
      enabled: flag.enabled,
      guards: flag.guards.map((g) => ({
        id: g.id,
        settings: settingsOf(g),
        trippedAt: g.trippedAt,
        since: g.since,
        figures: () => figuresOf(ctx, g),
      })),
    },
    ctx.now(),
  )
  for (const { guardId, decision, detail } of verdicts) {
    if (decision.disabled) {
      updateFlagConfig(ctx, flag.key, env.key, { enabled: false }, { actor: GUARD_ACTOR }, out, {
        action: 'guard.tripped',
        detail,
      })
      ctx.db
        .update(schema.guards)
        .set({ trippedAt: decision.at })
        .where(eq(schema.guards.id, guardId))
        .run()
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
        .set({ trippedAt: decision.at, notifiedAt: decision.at })
        .where(eq(schema.guards.id, guardId))
        .run()
    }
  }
  return verdicts.map((v) => v.decision)
}
