/**
 * The trust model's rule for client-key figures (server README, "Trust model"): a guard
 * decides on its window's totals less the one client source that sways the test most, so no
 * single source (one address, however many batches, batch ids, contexts or counts it sends)
 * can trip a guard or keep one from tripping. With many honest sources, leaving one out
 * changes little; a forged source, which must sway the test to do harm, is the one left out.
 */
import { armOf, pooled, type RawFigures, type Strata, type Totals } from './assess.js'
import type { GuardSettings, LeftOutSource } from './guard-model.js'
import { stratifiedZ } from './sequential-test.js'

export { pooled, type Strata, type Totals } from './assess.js'

export interface TrustedTotals {
  totals: Strata
  /** The source left out, with its exposures and events over all variations. */
  leftOut: LeftOutSource | null
  /** How far leaving it out moved the test statistic (in standard errors). */
  sway: number
}

function minusTotals(totals: Totals, part: Totals): Map<number, RawFigures> {
  const out = new Map(totals)
  part.forEach((p, variation) => {
    const t = out.get(variation)
    if (t === undefined) return
    out.set(variation, {
      exposures: t.exposures - p.exposures,
      count: t.count - p.count,
      sum: t.sum - p.sum,
      sumSquares: Math.max(0, t.sumSquares - p.sumSquares),
    })
  })
  return out
}

function minus(strata: Strata, part: Strata): Map<number, Totals> {
  const out = new Map(strata)
  part.forEach((p, stratum) => {
    const t = out.get(stratum)
    if (t !== undefined) out.set(stratum, minusTotals(t, p))
  })
  return out
}

const EMPTY: RawFigures = { exposures: 0, count: 0, sum: 0, sumSquares: 0 }

/** Each stratum's control and variation `v`, as the test's arms. */
export function armsOf(guard: GuardSettings, strata: Strata, v: number) {
  return [...strata.values()].map((t) => ({
    control: armOf(guard, t.get(guard.control) ?? EMPTY),
    treatment: armOf(guard, t.get(v) ?? EMPTY),
  }))
}

/** How far each variation's test against control stands from where it would be without `part`. */
function sway(guard: GuardSettings, strata: Strata, without: Strata): number {
  const options = { ...guard, rate: guard.kind === 'rate' }
  const z = (s: Strata, v: number) => stratifiedZ(armsOf(guard, s, v), options)
  let most = 0
  for (const v of pooled(strata).keys()) {
    if (v === guard.control) continue
    most = Math.max(most, Math.abs(z(strata, v) - z(without, v)))
  }
  return most
}

/** Sources looked at by each figure when choosing the one to leave out. */
export const SOURCE_CANDIDATES = 3

/**
 * The candidates to leave out among client sources' figures (source -> variation -> figures):
 * the sources of the `SOURCE_CANDIDATES` largest rows by exposures, by events, and by sum of
 * squares (a few huge values). The SQLite store finds the same rows through its indexes.
 */
export function candidateSources(perSource: ReadonlyMap<string, Strata>): Map<string, Strata> {
  const rows = [...perSource].flatMap(([source, strata]) =>
    [...strata.values()].flatMap((t) => [...t.values()].map((f) => ({ source, f }))),
  )
  const picked = new Map<string, Strata>()
  for (const figure of ['exposures', 'count', 'sumSquares'] as const) {
    rows.sort((a, b) => b.f[figure] - a.f[figure])
    for (const { source } of rows.slice(0, SOURCE_CANDIDATES)) {
      picked.set(source, perSource.get(source) as Strata)
    }
  }
  return picked
}

/**
 * The totals to decide on: `totals` less the candidate (a client source with its figures per
 * variation) whose removal moves a test statistic most. Candidates are the sources with the
 * largest figures; a source with small figures can not sway the test much.
 */
export function leaveOneOut(
  guard: GuardSettings,
  totals: Strata,
  candidates: ReadonlyMap<string, Strata>,
): TrustedTotals {
  let best: { source: string; part: Strata; without: Strata; sway: number } | undefined
  for (const [source, part] of candidates) {
    const without = minus(totals, part)
    const s = sway(guard, totals, without)
    if (best === undefined || s > best.sway) best = { source, part, without, sway: s }
  }
  if (best === undefined) return { totals, leftOut: null, sway: 0 }
  let exposures = 0
  let count = 0
  pooled(best.part).forEach((f) => {
    exposures += f.exposures
    count += f.count
  })
  return {
    totals: best.without,
    leftOut: { source: best.source, exposures, count },
    sway: best.sway,
  }
}

/**
 * Beyond this sway (in standard errors of the test statistic) a source is an outlier: no
 * honest source's figures move the test that far (one browser, one service instance), a
 * forged one's must to do harm.
 */
export const OUTLIER_SWAY = 1

export interface TrustedDecisionTotals {
  totals: Strata
  leftOut: LeftOutSource | null
  /** The second source left out, when the first was an outlier. */
  alsoLeftOut: LeftOutSource | null
}

/**
 * The totals a guard decides on. Leaving out the source that sways the test most is not
 * enough by itself: when a forged source is the one left out, the honest source that would
 * otherwise have been left out stays in, and a window that trips only thanks to that honest
 * source would trip because of the forger (and a window it would not blind would be judged
 * on more figures). So when the source left out is an outlier, the one that then sways most
 * is left out too: the forger's window is judged exactly as the honest window alone would be.
 * `candidates` are per-source figures of the largest sources by each figure (candidateSources
 * picks from them, once with and once without the outlier).
 */
export function trustedTotals(
  guard: GuardSettings,
  totals: Strata,
  candidates: ReadonlyMap<string, Strata>,
): TrustedDecisionTotals {
  const first = leaveOneOut(guard, totals, candidateSources(candidates))
  if (first.leftOut === null || first.sway <= OUTLIER_SWAY) {
    return { totals: first.totals, leftOut: first.leftOut, alsoLeftOut: null }
  }
  const rest = new Map(candidates)
  rest.delete(first.leftOut.source)
  const second = leaveOneOut(guard, first.totals, candidateSources(rest))
  return { totals: second.totals, leftOut: first.leftOut, alsoLeftOut: second.leftOut }
}
