/**
 * The stale-flag report: per environment, the live flags that were not evaluated for `days`
 * days, that served one variation to everyone for that long without a change (ready to
 * remove: the code can keep that variation's path and drop the flag), and, once any
 * repository has uploaded code references, the flags no code references any more. A flag
 * younger than `days` is judged only on its code references.
 */
import { sql } from 'drizzle-orm'
import type { StaleFlag, StaleReport } from '../../insights/insights-model.js'
import type { Ctx } from './context.js'
import { listEnvironments } from './reads.js'
import { bucketRows } from './insights-buckets.js'
import { DAY } from './insights-rollup.js'
import { lastEvaluated } from './insights-reads.js'
import { codeRefCounts } from './code-refs.js'

interface FlagState {
  key: string
  createdAt: number
  lastEvaluatedAt: number | null
  served: Map<number, number>
}

export function staleFlags(ctx: Ctx, days: number): StaleReport {
  const now = ctx.now()
  const cutoff = now - days * DAY
  const refs = codeRefCounts(ctx)
  const createdAt = new Map(
    ctx.db
      .all<{ id: number; createdAt: number }>(sql`select id, created_at as createdAt from flags`)
      .map((f) => [f.id, f.createdAt]),
  )
  const flags: StaleFlag[] = []
  for (const env of listEnvironments(ctx)) {
    const states = new Map<number, FlagState>()
    for (const r of lastEvaluated(ctx, env.id)) {
      let s = states.get(r.id)
      if (s === undefined) {
        s = {
          key: r.key,
          createdAt: createdAt.get(r.id) ?? 0,
          lastEvaluatedAt: null,
          served: new Map(),
        }
        states.set(r.id, s)
      }
      if (r.last !== null) s.lastEvaluatedAt = Math.max(s.lastEvaluatedAt ?? 0, r.last)
    }
    // Whole days from the cutoff's: a day partly before it counts, which errs toward "in use".
    const from = cutoff - (cutoff % DAY)
    for (const r of bucketRows(ctx, {
      envId: env.id,
      metrics: [''],
      countsOnly: true,
      step: 'day',
      from,
    })) {
      const served = states.get(r.flagId)?.served
      if (served !== undefined && r.count > 0)
        served.set(r.variation, (served.get(r.variation) ?? 0) + r.count)
    }
    const lastChanged = new Map(
      ctx.db
        .all<{ key: string; at: number }>(
          sql`
          select target_key as key, max(at) as at from audit_log
          where environment_key = ${env.key} and target_kind = 'flag' group by target_key`,
        )
        .map((r) => [r.key, r.at]),
    )
    for (const s of states.values()) {
      const reasons: StaleFlag['reasons'] = []
      const old = s.createdAt <= cutoff
      const changedAt = lastChanged.get(s.key) ?? null
      if (old && (s.lastEvaluatedAt === null || s.lastEvaluatedAt < cutoff))
        reasons.push('not-evaluated')
      const onlyOne = s.served.size === 1 ? ([...s.served.keys()][0] as number) : null
      if (old && onlyOne !== null && (changedAt ?? s.createdAt) <= cutoff)
        reasons.push('single-variation')
      const codeRefs = refs.byFlag.get(s.key) ?? 0
      if (refs.known && codeRefs === 0) reasons.push('no-code-refs')
      if (reasons.length === 0) continue
      flags.push({
        flag: s.key,
        environment: env.key,
        reasons,
        lastEvaluatedAt: s.lastEvaluatedAt,
        servedVariation: reasons.includes('single-variation') ? onlyOne : null,
        lastChangedAt: changedAt,
        codeRefs,
      })
    }
  }
  flags.sort((a, b) => a.flag.localeCompare(b.flag) || a.environment.localeCompare(b.environment))
  return { days, codeRefsKnown: refs.known, flags }
}
