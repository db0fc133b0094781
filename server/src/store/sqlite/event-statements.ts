/**
 * The prepared statements of the events hot path: every SDK batch runs them once per cell and
 * guard, so they are built once per database instead of once per row (drizzle's query
 * building costs more than SQLite's work here).
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm'
import { SOURCE_CANDIDATES } from '../../guard/leave-one-out.js'
import { schema, type Ctx } from './context.js'

const p = (name: string) => sql.placeholder(name)

function prepare(ctx: Ctx) {
  const em = schema.eventMinutes
  const gm = schema.guardMinutes
  const gt = schema.guardTotals
  const gs = schema.guardSources
  const g = schema.guards
  const fc = schema.flagConfigs
  const addFigures = {
    exposures: sql`exposures + excluded.exposures`,
    count: sql`count + excluded.count`,
    sum: sql`sum + excluded.sum`,
    sumSquares: sql`sum_squares + excluded.sum_squares`,
  }
  const window = {
    guardId: p('guardId'),
    variation: p('variation'),
    stratum: p('stratum'),
    exposures: p('exposures'),
    count: p('count'),
    sum: p('sum'),
    sumSquares: p('sumSquares'),
  }
  return {
    addToMinute: ctx.db
      .insert(em)
      .values({
        environmentId: p('environmentId'),
        flagId: p('flagId'),
        metric: p('metric'),
        variation: p('variation'),
        minute: p('minute'),
        count: p('count'),
        sum: p('sum'),
        sumSquares: p('sumSquares'),
      })
      .onConflictDoUpdate({
        target: [em.environmentId, em.flagId, em.metric, em.variation, em.minute],
        set: {
          count: sql`count + excluded.count`,
          sum: sql`sum + excluded.sum`,
          sumSquares: sql`sum_squares + excluded.sum_squares`,
        },
      })
      .prepare(),
    addToWindowMinute: ctx.db
      .insert(gm)
      .values({
        guardId: window.guardId,
        variation: window.variation,
        exposures: window.exposures,
        count: window.count,
        sum: window.sum,
        sumSquares: window.sumSquares,
        minute: p('minute'),
      })
      .onConflictDoUpdate({ target: [gm.guardId, gm.minute, gm.variation], set: addFigures })
      .prepare(),
    addToWindowTotal: ctx.db
      .insert(gt)
      .values(window)
      .onConflictDoUpdate({ target: [gt.guardId, gt.stratum, gt.variation], set: addFigures })
      .prepare(),
    addToSourceTotal: ctx.db
      .insert(gs)
      .values({ ...window, source: p('source') })
      .onConflictDoUpdate({
        target: [gs.guardId, gs.source, gs.stratum, gs.variation],
        set: addFigures,
      })
      .prepare(),
    guardsOf: ctx.db
      .select()
      .from(g)
      .where(and(eq(g.environmentId, p('envId')), eq(g.flagId, p('flagId'))))
      .orderBy(asc(g.position))
      .prepare(),
    windowTotals: ctx.db
      .select({
        stratum: gt.stratum,
        variation: gt.variation,
        exposures: gt.exposures,
        count: gt.count,
        sum: gt.sum,
        sumSquares: gt.sumSquares,
      })
      .from(gt)
      .where(eq(gt.guardId, p('guardId')))
      .prepare(),
    ...sourceStatements(ctx),
    config: ctx.db
      .select({ config: fc.config })
      .from(fc)
      .where(and(eq(fc.environmentId, p('envId')), eq(fc.flagId, p('flagId'))))
      .prepare(),
  }
}

/** The client sources of a guard's window: the largest by each figure, and one's figures. */
function sourceStatements(ctx: Ctx) {
  const gs = schema.guardSources
  const largestBy = (column: typeof gs.exposures | typeof gs.count | typeof gs.sumSquares) =>
    ctx.db
      .select({ source: gs.source })
      .from(gs)
      .where(and(eq(gs.guardId, p('guardId')), ne(gs.source, '')))
      .orderBy(desc(column))
      // Twice the guard's pick: it may pick again without an outlier (trustedTotals).
      .limit(SOURCE_CANDIDATES * 2)
      .prepare()
  return {
    largestSourcesByExposures: largestBy(gs.exposures),
    largestSourcesByCount: largestBy(gs.count),
    largestSourcesBySumSquares: largestBy(gs.sumSquares),
    sourceFigures: ctx.db
      .select({
        stratum: gs.stratum,
        variation: gs.variation,
        exposures: gs.exposures,
        count: gs.count,
        sum: gs.sum,
        sumSquares: gs.sumSquares,
      })
      .from(gs)
      .where(and(eq(gs.guardId, p('guardId')), eq(gs.source, p('source'))))
      .prepare(),
    sourceCount: ctx.db
      .select({
        client: sql<number>`count(distinct ${gs.source}) filter (where ${gs.source} != '')`,
        server: sql<number>`count(*) filter (where ${gs.source} = '')`,
      })
      .from(gs)
      .where(eq(gs.guardId, p('guardId')))
      .prepare(),
  }
}

export type EventStatements = ReturnType<typeof prepare>

const cache = new WeakMap<Ctx['db'], EventStatements>()

export function statements(ctx: Ctx): EventStatements {
  let s = cache.get(ctx.db)
  if (s === undefined) cache.set(ctx.db, (s = prepare(ctx)))
  return s
}
