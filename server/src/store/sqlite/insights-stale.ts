/**
 * The stale-flag report: per environment, the live flags that were not evaluated for `days`
 * days, that served one variation to everyone for that long without a change (ready to
 * remove: the code can keep that variation's path and drop the flag), and, once any
 * repository has uploaded code references, the flags no code references any more. A flag
 * younger than `days` is judged only on its code references.
 */
import { sql } from 'drizzle-orm'
import type { StaleFlag, StaleReport } from '../../insights/insights-model.js'
import { byFlagThenEnvironment, staleInEnvironment, staleWindow } from '../common/stale-flags.js'
import type { Ctx } from './context.js'
import { listEnvironments } from './reads.js'
import { bucketRows } from './insights-buckets.js'
import { lastEvaluated } from './insights-reads.js'
import { codeRefCounts } from './code-refs.js'

export function staleFlags(ctx: Ctx, days: number): StaleReport {
  const { cutoff, from } = staleWindow(ctx.now(), days)
  const refs = codeRefCounts(ctx)
  const createdAt = new Map(
    ctx.db
      .all<{ id: number; createdAt: number }>(sql`select id, created_at as createdAt from flags`)
      .map((f) => [f.id, f.createdAt]),
  )
  const flags: StaleFlag[] = []
  for (const env of listEnvironments(ctx)) {
    const lastChanged = new Map(
      ctx.db
        .all<{ key: string; at: number }>(
          sql`
          select target_key as key, max(at) as at from audit_log
          where environment_key = ${env.key} and target_kind = 'flag' group by target_key`,
        )
        .map((r) => [r.key, r.at]),
    )
    const figures = {
      environment: env.key,
      last: lastEvaluated(ctx, env.id),
      days: bucketRows(ctx, { envId: env.id, metrics: [''], countsOnly: true, step: 'day', from }),
      lastChanged,
    }
    flags.push(...staleInEnvironment(figures, createdAt, refs, cutoff))
  }
  flags.sort(byFlagThenEnvironment)
  return { days, codeRefsKnown: refs.known, flags }
}
