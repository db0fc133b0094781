/**
 * What a change to a flag's config does, in plain words, one line per change: what the
 * confirmation of a change in a critical environment shows ("Switch on", "Rule 2 removed",
 * "Default rule: 25 % → 50 % of contexts get true").
 */
import type { Flag, FlagConfig, JsonValue, Prerequisite, Rule, Serve, Target } from '@andon/core'
import { formatPercentage, rampOf, weightsOf } from './rollout.js'
import { variationLabel } from './variations.js'

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** A list for people: "a, b and 3 more". */
function listed(items: readonly string[], most = 3): string {
  const shown = items.slice(0, most).join(', ')
  return items.length > most ? `${shown} and ${items.length - most} more` : shown
}

/** Who gets what under a serve: "everyone gets true", "25 % get true, the rest false". */
export function serveWords(serve: Serve, variations: readonly JsonValue[]): string {
  const label = (i: number) => variationLabel(variations[i])
  if ('variation' in serve) return `everyone gets ${label(serve.variation)}`
  const parts = weightsOf(serve).filter((v) => v.weight > 0)
  if (parts.length === 1 && parts[0]) return `everyone gets ${label(parts[0].variation)}`
  return parts.map((v) => `${formatPercentage(v.weight)} % ${label(v.variation)}`).join(', ')
}

/**
 * A serve's change: the share that gets one variation when both read as ramps of it
 * ("25 % → 50 % of contexts get true"), otherwise what each serves.
 */
export function serveChange(before: Serve, after: Serve, variations: readonly JsonValue[]): string {
  if (same(weightsOf(before), weightsOf(after))) {
    return 'the same shares, bucketed another way (attribute or kind of rollout)'
  }
  const from = rampOf(before, variations.length)
  const to = rampOf(after, variations.length)
  if (from && to && from.variation === to.variation && from.otherwise === to.otherwise) {
    const share = `${formatPercentage(from.weight)} % → ${formatPercentage(to.weight)} %`
    return `${share} of contexts get ${variationLabel(variations[to.variation])}`
  }
  return `${serveWords(before, variations)} → ${serveWords(after, variations)}`
}

function ruleLines(
  before: readonly Rule[],
  after: readonly Rule[],
  variations: readonly JsonValue[],
) {
  const lines: string[] = []
  // Rules keep their ids across edits; a rule without one is matched by its place.
  const idOf = (rule: Rule, i: number) => rule.id ?? `#${i}`
  const afterIds = after.map(idOf)
  const beforeIds = before.map(idOf)
  before.forEach((rule, i) => {
    if (!afterIds.includes(idOf(rule, i))) lines.push(`Rule ${i + 1} removed`)
  })
  after.forEach((rule, i) => {
    const j = beforeIds.indexOf(idOf(rule, i))
    const old = before[j]
    const name = `Rule ${i + 1}`
    if (old === undefined) {
      lines.push(`${name} added: ${serveWords(rule.serve, variations)}`)
      return
    }
    if (!same(old.clauses, rule.clauses)) lines.push(`${name}: its conditions change`)
    if (!same(old.serve, rule.serve)) {
      lines.push(`${name}: ${serveChange(old.serve, rule.serve, variations)}`)
    }
  })
  const kept = after.map(idOf).filter((id) => beforeIds.includes(id))
  const keptBefore = beforeIds.filter((id) => kept.includes(id))
  if (!same(kept, keptBefore)) lines.push('Rules put in another order')
  return lines
}

function targetLines(
  before: readonly Target[],
  after: readonly Target[],
  variations: readonly JsonValue[],
) {
  const pairs = (targets: readonly Target[]) =>
    new Set(targets.flatMap((t) => t.values.map((v) => `${t.variation}\t${v}`)))
  const from = pairs(before)
  const to = pairs(after)
  const lines: string[] = []
  for (const [word, a, b] of [
    ['get', to, from],
    ['no longer get', from, to],
  ] as const) {
    const byVariation = new Map<number, string[]>()
    for (const pair of a) {
      if (b.has(pair)) continue
      const [variation, key] = pair.split('\t') as [string, string]
      byVariation.set(Number(variation), [...(byVariation.get(Number(variation)) ?? []), key])
    }
    for (const [variation, keys] of byVariation) {
      lines.push(`Targets: ${listed(keys)} ${word} ${variationLabel(variations[variation])}`)
    }
  }
  return lines
}

function prerequisiteLines(before: readonly Prerequisite[], after: readonly Prerequisite[]) {
  const lines: string[] = []
  for (const p of before) {
    const now = after.find((a) => a.key === p.key)
    if (!now) lines.push(`Prerequisite ${p.key} removed`)
    else if (now.variation !== p.variation) {
      lines.push(`Prerequisite ${p.key}: must now serve its variation ${now.variation + 1}`)
    }
  }
  for (const p of after) {
    if (!before.some((b) => b.key === p.key)) {
      lines.push(`Prerequisite ${p.key} added: it must serve its variation ${p.variation + 1}`)
    }
  }
  return lines
}

function metricLines(before: readonly string[], after: readonly string[]) {
  const added = after.filter((m) => !before.includes(m))
  const removed = before.filter((m) => !after.includes(m))
  return [
    ...(added.length > 0 ? [`Guarded metrics: ${listed(added)} added`] : []),
    ...(removed.length > 0 ? [`Guarded metrics: ${listed(removed)} removed`] : []),
  ]
}

/** The lines saying what `patch` changes in `before`; the switch first, as it matters most. */
export function changeSummary(
  before: Flag,
  patch: Partial<FlagConfig>,
  variations: readonly JsonValue[],
): string[] {
  const lines: string[] = []
  if (patch.enabled !== undefined && patch.enabled !== before.enabled) {
    lines.push(patch.enabled ? 'Switch on' : 'Switch off')
  }
  if (patch.fallthrough && !same(patch.fallthrough, before.fallthrough)) {
    lines.push(`Default rule: ${serveChange(before.fallthrough, patch.fallthrough, variations)}`)
  }
  if (patch.offVariation !== undefined && patch.offVariation !== before.offVariation) {
    const off = (i: number | null) =>
      i === null ? 'nothing (callers get their default)' : variationLabel(variations[i])
    lines.push(`When off, serve: ${off(before.offVariation)} → ${off(patch.offVariation)}`)
  }
  if (patch.targets) lines.push(...targetLines(before.targets ?? [], patch.targets, variations))
  if (patch.rules) lines.push(...ruleLines(before.rules ?? [], patch.rules, variations))
  if (patch.prerequisites) {
    lines.push(...prerequisiteLines(before.prerequisites ?? [], patch.prerequisites))
  }
  if (patch.salt !== undefined && patch.salt !== (before.salt ?? before.key)) {
    lines.push('Salt changed: every context is bucketed anew')
  }
  if (patch.metrics) lines.push(...metricLines(before.metrics ?? [], patch.metrics))
  return lines
}
