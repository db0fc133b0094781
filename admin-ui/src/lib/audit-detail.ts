/**
 * Audit entries written by the immune system carry the evidence of their decision in
 * `after.detail`: the guard's (`guard.tripped`, `guard.regression`) its settings, both
 * variations' figures and the comparison; Alertmanager's (`flag.alert.disable`) the alert.
 * This turns that evidence into a headline and labelled lines. The shapes are those that
 * server/src/store/sqlite/guard-decisions.ts and server/src/routes/alertmanager.ts write.
 */
import type {
  AuditEntry,
  Comparison,
  GuardSettings,
  JsonValue,
  VariationFigures,
} from '@andon/core'
import { formatTime } from './format-time.js'
import { variationLabel } from './variations.js'

export interface AuditDetail {
  headline: string
  lines: { label: string; value: string }[]
}

/** What the guard writes of a decision. */
export interface GuardEvidence extends GuardSettings {
  decision: GuardSettings['action']
  variation: number
  since: number
  comparison: Comparison
  /** Control's figures, then the regressed variation's. */
  figures: VariationFigures[]
}

/** What Alertmanager's hook writes of an alert. */
export interface AlertEvidence {
  alert: {
    status: string
    labels: Record<string, string>
    annotations: Record<string, string>
    startsAt: string | null
  }
}

const GUARD_ACTIONS = new Set(['guard.tripped', 'guard.regression'])
const ALERT_ACTIONS = new Set(['flag.alert.disable'])

/** The evidence an entry's `after` holds, for the entries that hold one. */
export function detailOf(entry: AuditEntry): Record<string, unknown> | undefined {
  const after = entry.after
  if (!GUARD_ACTIONS.has(entry.action) && !ALERT_ACTIONS.has(entry.action)) return undefined
  if (typeof after !== 'object' || after === null || !('detail' in after)) return undefined
  return after.detail as Record<string, unknown>
}

function short(v: number): string {
  if (Math.abs(v) >= 10_000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 })
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)))
}

function guardDetail(d: GuardEvidence, variations: readonly JsonValue[]): AuditDetail {
  const name = (i: number) => variationLabel(variations[i])
  const { comparison: c } = d
  const evidence = ` (likelihood ratio ${short(c.likelihoodRatio)} ≥ bound ${short(c.bound)})`
  const outcome =
    d.decision === 'disable' ? ' and switched the flag off.' : '; the team was notified.'
  const lines = d.figures.map((f) => ({
    label: `Variation ${name(f.variation)}${f.variation === d.control ? ' (control)' : ''}`,
    value: `${short(f.exposures)} exposures, ${short(f.count)} events, value ${short(f.value)}`,
  }))
  lines.push(
    { label: 'kind', value: d.kind },
    { label: 'threshold', value: short(d.threshold) },
    { label: 'alpha', value: short(d.alpha) },
    { label: 'excess', value: short(c.excess) },
    { label: 'since', value: formatTime(d.since) },
  )
  return {
    headline: `The guard found a regression of ${d.metric} in variation ${name(d.variation)} against control ${name(d.control)}${evidence}${outcome}`,
    lines,
  }
}

function alertDetail({ alert }: AlertEvidence): AuditDetail {
  const since = alert.startsAt === null ? '' : ` (since ${formatTime(alert.startsAt)})`
  return {
    headline: `Alertmanager: ${alert.labels.alertname ?? 'an alert'} fired${since} and switched the flag off.`,
    lines: [
      ...Object.entries(alert.annotations).map(([k, v]) => ({ label: k, value: v })),
      ...Object.entries(alert.labels).map(([k, v]) => ({ label: `label ${k}`, value: v })),
    ],
  }
}

/**
 * A readable account of a guard's or an alert's entry; undefined for others. `variations` are
 * the flag's, to name variations by their value.
 */
export function auditDetail(
  entry: AuditEntry,
  variations: readonly JsonValue[] = [],
): AuditDetail | undefined {
  const d = detailOf(entry)
  if (d === undefined) return undefined
  return GUARD_ACTIONS.has(entry.action)
    ? guardDetail(d as unknown as GuardEvidence, variations)
    : alertDetail(d as unknown as AlertEvidence)
}

/** The entry's `after` without the detail, so the diff shows only what changed in the flag. */
export function afterWithoutDetail(after: unknown): unknown {
  if (typeof after !== 'object' || after === null || !('detail' in after)) return after
  const { detail: _detail, ...rest } = after
  return Object.keys(rest).length > 0 ? rest : null
}
