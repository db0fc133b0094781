/**
 * The guard editor's drafts: each guard's fields as typed (the threshold in percent), turned
 * into what `PUT .../guards` takes, or into issues at the paths the server's 422 uses
 * (`[index, field]`), so one FieldIssues shows both. The metric key is checked with core's
 * keySchema, the same rule as the flag's `metrics`.
 */
import { keySchema } from '@andon/core'
import type { Issue } from './api-error.js'
import type { GuardAction, GuardInput, GuardKind, GuardStatus, WorseWhen } from './guard-model.js'

export interface GuardDraft {
  metric: string
  kind: GuardKind
  worseWhen: WorseWhen
  /** Percent worse than control that counts as a regression, as typed. */
  thresholdPercent: string
  minSamples: string
  /** A variation index, or '' for the flag's off variation. */
  control: string
  action: GuardAction
  alpha: string
}

export const NEW_GUARD: GuardDraft = {
  metric: '',
  kind: 'rate',
  worseWhen: 'higher',
  thresholdPercent: '10',
  minSamples: '500',
  control: '',
  action: 'disable',
  alpha: '0.05',
}

/** A fraction as a percentage without float noise: 0.1 → "10", 0.075 → "7.5". */
function percentText(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)))
}

export function draftOf(guard: GuardStatus | GuardInput): GuardDraft {
  return {
    metric: guard.metric,
    kind: guard.kind,
    worseWhen: guard.worseWhen,
    thresholdPercent: percentText(guard.threshold),
    minSamples: String(guard.minSamples),
    control: guard.control === undefined ? '' : String(guard.control),
    action: guard.action,
    alpha: guard.alpha === undefined ? '0.05' : String(guard.alpha),
  }
}

const DRAFT_FIELDS = Object.keys(NEW_GUARD) as (keyof GuardDraft)[]

/** Whether the editor's rows differ from the ones it opened with: unsaved edits. */
export function draftsChanged(
  initial: readonly GuardDraft[],
  drafts: readonly GuardDraft[],
): boolean {
  return (
    initial.length !== drafts.length ||
    drafts.some((d, i) => DRAFT_FIELDS.some((field) => d[field] !== initial[i]?.[field]))
  )
}

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i

function numberOf(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined
}

export type ParsedGuards = { guards: GuardInput[]; issues: [] } | { issues: Issue[] }

/** The guards to send, or every issue of every draft. */
export function parseGuardDrafts(
  drafts: readonly GuardDraft[],
  variationCount: number,
): ParsedGuards {
  const issues: Issue[] = []
  const guards = drafts.map((d, i): GuardInput => {
    const at = (field: string, message: string) => issues.push({ path: [i, field], message })
    const metric = d.metric.trim()
    if (metric === '') at('metric', 'name the metric the SDKs track')
    else {
      const checked = keySchema.safeParse(metric)
      if (!checked.success) at('metric', checked.error.issues[0]?.message ?? 'is not a valid key')
    }
    const percent = numberOf(d.thresholdPercent)
    if (percent === undefined) at('threshold', 'must be a number of percent')
    else if (percent < 0) at('threshold', 'must be 0 % or more')
    const minSamples = numberOf(d.minSamples)
    if (minSamples === undefined || !Number.isInteger(minSamples) || minSamples < 1) {
      at('minSamples', 'must be a whole number of 1 or more')
    }
    let control: number | undefined
    if (d.control !== '') {
      control = Number(d.control)
      if (!Number.isInteger(control) || control < 0 || control >= variationCount) {
        at('control', 'must be one of the flag’s variations')
      }
    }
    const alpha = numberOf(d.alpha)
    if (alpha === undefined || !(alpha > 0 && alpha <= 0.5)) {
      at('alpha', 'must be more than 0 and at most 0.5')
    }
    return {
      metric,
      kind: d.kind,
      worseWhen: d.worseWhen,
      threshold: Number(((percent ?? 0) / 100).toPrecision(12)),
      minSamples: minSamples ?? 0,
      ...(control === undefined ? {} : { control }),
      action: d.action,
      alpha: alpha ?? 0,
    }
  })
  return issues.length > 0 ? { issues } : { guards, issues: [] }
}

const FIELD_NAMES: Record<string, string> = {
  metric: 'metric',
  kind: 'kind',
  worseWhen: 'worse when',
  threshold: 'threshold',
  minSamples: 'minimum samples',
  control: 'control',
  action: 'action',
  alpha: 'alpha',
}

/** An issue's path as the editor names it: `[1, 'minSamples']` is "Guard 2 minimum samples". */
export function guardIssueLabel(path: readonly (string | number)[]): string {
  const [index, field] = path
  if (typeof index !== 'number') return 'Guards'
  const name = typeof field === 'string' ? ` ${FIELD_NAMES[field] ?? field}` : ''
  return `Guard ${index + 1}${name}`
}
