/**
 * The stale-flag report (rules in common/stale-flags.ts): per environment, the live flags not
 * evaluated for `days` days, serving one variation for that long without a change, or, once
 * any repository has uploaded code references, referenced by no code any more.
 */
import { and, eq, max } from 'drizzle-orm'
import type { StaleFlag, StaleReport } from '../../insights/insights-model.js'
import { byFlagThenEnvironment, staleInEnvironment, staleWindow } from '../common/stale-flags.js'
import { schema } from './context.js'
import type { PgReader } from './rows.js'
import { listEnvironments } from './reads.js'
import { bucketRows } from './insights-buckets.js'
import { lastEvaluated } from './insights-reads.js'
import { codeRefCounts } from './code-refs.js'

export async function staleFlags(r: PgReader, days: number): Promise<StaleReport> {
  const { cutoff, from } = staleWindow(r.now(), days)
  const refs = await codeRefCounts(r)
  const created = await r.db
    .select({ id: schema.flags.id, createdAt: schema.flags.createdAt })
    .from(schema.flags)
  const createdAt = new Map(created.map((f) => [f.id, f.createdAt]))
  const a = schema.auditLog
  const flags: StaleFlag[] = []
  for (const env of await listEnvironments(r)) {
    const changes = await r.db
      .select({ key: a.targetKey, at: max(a.at) })
      .from(a)
      .where(and(eq(a.environmentKey, env.key), eq(a.targetKind, 'flag')))
      .groupBy(a.targetKey)
    const figures = {
      environment: env.key,
      last: await lastEvaluated(r, env.id),
      days: await bucketRows(r, {
        envId: env.id,
        metrics: [''],
        countsOnly: true,
        step: 'day',
        from,
      }),
      lastChanged: new Map(changes.map((c) => [c.key, c.at ?? 0])),
    }
    flags.push(...staleInEnvironment(figures, createdAt, refs, cutoff))
  }
  flags.sort(byFlagThenEnvironment)
  return { days, codeRefsKnown: refs.known, flags }
}
