/**
 * What the stores share of guards: a guard row's settings, figures rows as strata, when a config
 * change splits traffic anew, the settings `PUT .../guards` makes, and the verdicts of the
 * guard (guard/judge.ts) as the writes and audit entries that carry them out.
 */
import type { FlagConfig } from '@andon/core'
import type { RawFigures, Strata } from '../../guard/assess.js'
import type { GuardInput, GuardSettings } from '../../guard/guard-model.js'
import { judge, type Verdict } from '../../guard/judge.js'
import type { WindowFigures } from '../../guard/window.js'
import type { Actor } from '../store.js'
import { invalid, type Issue } from '../store-error.js'
import type { AuditInput } from './write-checks.js'

export const GUARD_ACTOR: Actor = { name: 'guard' }

export interface GuardRow extends GuardSettings {
  id: number
  environmentId: number
  flagId: number
  position: number
  since: number
  trippedAt: number | null
  notifiedAt: number | null
  stratum: number
}

export function settingsOf(row: GuardRow): GuardSettings {
  return {
    metric: row.metric,
    kind: row.kind,
    worseWhen: row.worseWhen,
    threshold: row.threshold,
    minSamples: row.minSamples,
    control: row.control,
    action: row.action,
    alpha: row.alpha,
  }
}

/** Rows of figures per stratum and variation, as strata. */
export function strataOf(rows: ({ stratum: number; variation: number } & RawFigures)[]): Strata {
  const strata = new Map<number, Map<number, RawFigures>>()
  for (const { stratum, variation, ...f } of rows) {
    let totals = strata.get(stratum)
    if (totals === undefined) strata.set(stratum, (totals = new Map()))
    totals.set(variation, f)
  }
  return strata
}

/** The most points per variation a series has: a long window is charted in coarser steps. */
export const SERIES_POINTS = 1440

const MINUTE = 60_000

/** The step of a window's chart series, in milliseconds. */
export function seriesStep(since: number, now: number): number {
  const minutes = Math.ceil((now - since) / MINUTE) + 1
  return Math.max(1, Math.ceil(minutes / SERIES_POINTS)) * MINUTE
}

/** Whether a config change moves contexts between variations (its rules or its fallthrough). */
export function splitChanged(before: FlagConfig, after: FlagConfig): boolean {
  return (
    JSON.stringify(before.fallthrough) !== JSON.stringify(after.fallthrough) ||
    JSON.stringify(before.rules ?? []) !== JSON.stringify(after.rules ?? [])
  )
}

/** The guards' settings as stored: `control` defaults to the flag's offVariation. */
export function guardSettings(
  inputs: GuardInput[],
  current: FlagConfig,
  variationCount: number,
): GuardSettings[] {
  const issues: Issue[] = []
  const settings = inputs.map((input, i) => {
    const control = input.control ?? current.offVariation
    if (control === null) {
      issues.push({ path: [i, 'control'], message: 'the flag has no offVariation: name a control' })
    } else if (control >= variationCount) {
      issues.push({
        path: [i, 'control'],
        message: `variation ${control} does not exist (the flag has ${variationCount})`,
      })
    }
    return { ...input, control: control ?? 0 }
  })
  if (issues.length > 0) throw invalid(issues)
  return settings
}

/** The flag's `metrics` that its guards want, or undefined when they already are its metrics. */
export function guardedMetrics(
  current: FlagConfig,
  settings: GuardSettings[],
): { metrics: string[] | undefined } | undefined {
  const metrics = [...new Set(settings.map((s) => s.metric))]
  const was = current.metrics ?? []
  if (was.length === metrics.length && was.every((x, i) => x === metrics[i])) return undefined
  return { metrics: metrics.length > 0 ? metrics : undefined }
}

export interface JudgedFlagRows {
  key: string
  variationCount: number
  enabled: boolean
  guards: GuardRow[]
}

/** The guard's verdicts on a flag's figures (read lazily by `figuresOf`). */
export function verdictsOf(
  envKey: string,
  flag: JudgedFlagRows,
  figuresOf: (guard: GuardRow) => WindowFigures,
  now: number,
): Verdict[] {
  return judge(
    {
      key: flag.key,
      environment: envKey,
      variationCount: flag.variationCount,
      enabled: flag.enabled,
      guards: flag.guards.map((g) => ({
        id: g.id,
        settings: settingsOf(g),
        trippedAt: g.trippedAt,
        since: g.since,
        figures: () => figuresOf(g),
      })),
    },
    now,
  )
}

/** Guards that may judge (their figures are read): those that have not acted in their window. */
export const mayJudge = (g: GuardRow) => g.trippedAt === null

/** A `notify` verdict's audit entry (a `disable` verdict is audited by its flag write). */
export function regressionAudit(flagKey: string, envKey: string, verdict: Verdict): AuditInput {
  return {
    action: 'guard.regression',
    targetKind: 'flag',
    targetKey: flagKey,
    environment: envKey,
    before: null,
    after: { detail: verdict.detail },
  }
}

/** How a `disable` verdict's flag write is audited. */
export const tripAudit = (verdict: Verdict) => ({ action: 'guard.tripped', detail: verdict.detail })

/** What a verdict sets on its guard: tripped (and, for notify, told) until a new window. */
export function trippedValues(verdict: Verdict): { trippedAt: number; notifiedAt?: number } {
  const at = verdict.decision.at
  return verdict.decision.disabled ? { trippedAt: at } : { trippedAt: at, notifiedAt: at }
}
