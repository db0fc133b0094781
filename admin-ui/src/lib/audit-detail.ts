/**
 * Audit entries written by the immune system (actor `guard`) and by Prometheus Alertmanager
 * (actor `alertmanager`) carry the evidence of their decision: the metric, both variations'
 * figures, the bound and the likelihood ratio; or the alert's labels and annotations. This
 * turns that detail into a headline and labelled lines. The detail is looked for in a
 * `detail` field of the entry or of its `after`, so small shape changes still read well.
 */
import type { AuditEntry } from './andon-api.js'
import { formatTime } from './format-time.js'

export interface AuditDetail {
  headline: string
  lines: { label: string; value: string }[]
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (v: unknown) => (typeof v === 'number' ? v : undefined)
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** The detail object of an entry, wherever the server put it. */
export function detailOf(entry: AuditEntry & { detail?: unknown }): Json | undefined {
  if (isObject(entry.detail)) return entry.detail
  if (isObject(entry.after) && isObject(entry.after.detail)) return entry.after.detail
  if (isObject(entry.after) && isObject(entry.after.guard)) return entry.after.guard
  if (isObject(entry.after) && isObject(entry.after.alert)) return entry.after
  if (isObject(entry.after) && isObject(entry.after.comparison)) return entry.after
  return undefined
}

function short(v: unknown): string {
  if (typeof v === 'number') {
    if (Math.abs(v) >= 10_000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)))
  }
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}

/** Every scalar leaf of a value as `a.b: value` lines, arrays by index. */
export function flatLines(value: unknown, prefix = ''): AuditDetail['lines'] {
  if (Array.isArray(value)) return value.flatMap((v, i) => flatLines(v, `${prefix}[${i}]`))
  if (isObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => flatLines(v, prefix ? `${prefix}.${k}` : k))
  }
  return [{ label: prefix || 'value', value: short(value) }]
}

function figuresText(f: unknown): string | undefined {
  if (!isObject(f)) return undefined
  const parts = [
    num(f.exposures) !== undefined ? `${short(f.exposures)} exposures` : undefined,
    num(f.count) !== undefined ? `${short(f.count)} events` : undefined,
    num(f.value) !== undefined ? `value ${short(f.value)}` : undefined,
    num(f.n) !== undefined ? `n ${short(f.n)}` : undefined,
    num(f.sum) !== undefined && num(f.value) === undefined ? `sum ${short(f.sum)}` : undefined,
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : undefined
}

function guardDetail(entry: AuditEntry, d: Json): AuditDetail {
  const metric = str(d.metric) ?? 'a metric'
  const c = isObject(d.comparison) ? d.comparison : d
  const ratio = num(c.likelihoodRatio)
  const bound = num(c.bound)
  const controlFigures = isObject(d.control) ? d.control : undefined
  const treatmentFigures = isObject(d.treatment) ? d.treatment : undefined
  const variation = num(c.variation) ?? num(d.variation) ?? num(treatmentFigures?.variation)
  const control = num(d.control) ?? num(controlFigures?.variation)
  const off =
    typeof d.disabled === 'boolean'
      ? d.disabled
      : entry.action.endsWith('tripped') || str(d.decision) === 'disable'
  const against =
    variation !== undefined && control !== undefined
      ? ` in variation ${variation} against control ${control}`
      : ''
  const evidence =
    ratio !== undefined && bound !== undefined
      ? ` (likelihood ratio ${short(ratio)} ≥ bound ${short(bound)})`
      : ''
  const headline = `The guard found a regression of ${metric}${against}${evidence}${
    off ? ' and switched the flag off.' : '; the team was notified.'
  }`
  const lines: AuditDetail['lines'] = []
  const figures = d.figures ?? d.variations
  if (Array.isArray(figures)) {
    for (const f of figures) {
      const text = figuresText(f)
      if (!text || !isObject(f)) continue
      const role = f.variation === control ? ' (control)' : ''
      lines.push({ label: `Variation ${short(f.variation)}${role}`, value: text })
    }
  } else if (isObject(figures)) {
    for (const [name, f] of Object.entries(figures)) {
      const text = figuresText(f)
      if (text) lines.push({ label: name, value: text })
    }
  }
  for (const [name, f] of [
    ['Control', controlFigures],
    ['Treatment', treatmentFigures],
  ] as const) {
    const text = figuresText(f)
    if (text && f) lines.push({ label: `${name}: variation ${short(f.variation)}`, value: text })
  }
  if (lines.length === 0) return { headline, lines: flatLines(d) }
  for (const key of ['kind', 'threshold', 'alpha', 'excess', 'action', 'decision'] as const) {
    const v = d[key] ?? c[key]
    if (v !== undefined) lines.push({ label: key, value: short(v) })
  }
  return { headline, lines }
}

function alertDetail(d: Json): AuditDetail {
  const alert = isObject(d.alert) ? d.alert : d
  const labels = isObject(alert.labels) ? alert.labels : {}
  const annotations = isObject(alert.annotations) ? alert.annotations : {}
  const name = str(labels.alertname) ?? 'an alert'
  const since = str(alert.startsAt) ?? num(alert.startsAt)
  const headline = `Alertmanager: ${name} fired${
    since === undefined ? '' : ` (since ${formatTime(since)})`
  } and switched the flag off.`
  const lines = [
    ...Object.entries(annotations).map(([k, v]) => ({ label: k, value: short(v) })),
    ...Object.entries(labels).map(([k, v]) => ({ label: `label ${k}`, value: short(v) })),
  ]
  return { headline, lines: lines.length > 0 ? lines : flatLines(alert) }
}

/** A readable account of a guard or Alertmanager entry; undefined for other actors. */
export function auditDetail(entry: AuditEntry): AuditDetail | undefined {
  if (entry.actor !== 'guard' && entry.actor !== 'alertmanager') return undefined
  const d = detailOf(entry)
  if (!d) return undefined
  return entry.actor === 'guard' ? guardDetail(entry, d) : alertDetail(d)
}

/** The entry's `after` without the detail, so the diff shows only what changed in the flag. */
export function afterWithoutDetail(after: unknown): unknown {
  if (!isObject(after) || !('detail' in after)) return after
  const { detail: _detail, ...rest } = after
  return Object.keys(rest).length > 0 ? rest : null
}
