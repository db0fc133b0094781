/**
 * The stale-flag rules both stores judge by: a live flag is stale in an environment when it was
 * not evaluated for `days` days, when it served one variation to everyone for that long without
 * a change (ready to remove: the code can keep that variation's path and drop the flag), and,
 * once any repository has uploaded code references, when no code references it any more. A
 * flag younger than `days` is judged only on its code references.
 */
import type { StaleFlag } from '../../insights/insights-model.js'
import { DAY } from '../../insights/periods.js'
import type { BucketRow } from './insights-cells.js'
import type { LastRow } from './insights-answers.js'

export interface CodeRefCounts {
  /** Whether any repository uploaded at all. */
  known: boolean
  byFlag: Map<string, number>
}

/** The cutoff of a report of `days` days, and the first whole day its exposures are read from. */
export function staleWindow(now: number, days: number): { cutoff: number; from: number } {
  const cutoff = now - days * DAY
  // Whole days from the cutoff's: a day partly before it counts, which errs toward "in use".
  return { cutoff, from: cutoff - (cutoff % DAY) }
}

export interface EnvironmentFigures {
  environment: string
  /** `lastEvaluated` rows of the environment's live flags. */
  last: readonly LastRow[]
  /** Daily exposure buckets of the environment from the window's first day. */
  days: readonly BucketRow[]
  /** The last audited change of each flag (by key) in the environment. */
  lastChanged: ReadonlyMap<string, number>
}

export function staleInEnvironment(
  figures: EnvironmentFigures,
  createdAt: ReadonlyMap<number, number>,
  refs: CodeRefCounts,
  cutoff: number,
): StaleFlag[] {
  const states = new Map<
    number,
    { key: string; createdAt: number; lastEvaluatedAt: number | null; served: Map<number, number> }
  >()
  for (const r of figures.last) {
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
  for (const r of figures.days) {
    const served = states.get(r.flagId)?.served
    if (served !== undefined && r.count > 0)
      served.set(r.variation, (served.get(r.variation) ?? 0) + r.count)
  }
  const flags: StaleFlag[] = []
  for (const s of states.values()) {
    const reasons: StaleFlag['reasons'] = []
    const old = s.createdAt <= cutoff
    const changedAt = figures.lastChanged.get(s.key) ?? null
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
      environment: figures.environment,
      reasons,
      lastEvaluatedAt: s.lastEvaluatedAt,
      servedVariation: reasons.includes('single-variation') ? onlyOne : null,
      lastChangedAt: changedAt,
      codeRefs,
    })
  }
  return flags
}

/** The report's order: by flag, then environment. */
export const byFlagThenEnvironment = (a: StaleFlag, b: StaleFlag) =>
  a.flag.localeCompare(b.flag) || a.environment.localeCompare(b.environment)
