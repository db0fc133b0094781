/**
 * The editable part of a flag's environment config, and what a save sends: only the top-level
 * fields that differ from the version the edit started from, checked with core's schema first.
 */
import {
  flagSchema,
  type Flag,
  type FlagConfig,
  type JsonValue,
  type Prerequisite,
  type Rule,
  type Serve,
  type Target,
} from '@andon/core'
import type { Issue } from './api-error.js'
import { emptyRuleIssues } from './rule-checks.js'

export interface ConfigDraft {
  enabled: boolean
  offVariation: number | null
  salt: string
  prerequisites: Prerequisite[]
  targets: Target[]
  rules: Rule[]
  fallthrough: Serve
  /** Metric keys the guard watches for this flag (evaluation ignores them). */
  metrics: string[]
}

export const DRAFT_FIELDS = [
  'enabled',
  'offVariation',
  'salt',
  'prerequisites',
  'targets',
  'rules',
  'fallthrough',
  'metrics',
] as const satisfies readonly (keyof ConfigDraft)[]

export function draftOf(flag: Flag): ConfigDraft {
  return {
    enabled: flag.enabled,
    offVariation: flag.offVariation,
    salt: flag.salt ?? flag.key,
    prerequisites: flag.prerequisites ?? [],
    targets: flag.targets ?? [],
    rules: flag.rules ?? [],
    fallthrough: flag.fallthrough,
    metrics: flag.metrics ?? [],
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The fields of `draft` that differ from `base`, as the body of a PATCH. */
export function changedFields(base: Flag, draft: ConfigDraft): Partial<FlagConfig> {
  const from = draftOf(base)
  const patch: Partial<FlagConfig> = {}
  for (const field of DRAFT_FIELDS) {
    if (!same(from[field], draft[field])) Object.assign(patch, { [field]: draft[field] })
  }
  return patch
}

export function isDirty(base: Flag, draft: ConfigDraft): boolean {
  return Object.keys(changedFields(base, draft)).length > 0
}

/**
 * What stops the draft from saving, with paths as the server would give them: empty rules and
 * values (lib/rule-checks.ts), then whatever else core's flag schema finds.
 */
export function draftIssues(base: Flag, draft: ConfigDraft, variations: JsonValue[]): Issue[] {
  const issues = emptyRuleIssues(draft.rules)
  const result = flagSchema.safeParse({ ...base, ...draft, variations })
  if (result.success) return issues
  const known = new Set(issues.map((i) => i.path.join('.')))
  for (const i of result.error.issues) {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol')
    if (!known.has(path.join('.'))) issues.push({ path, message: i.message })
  }
  return issues
}

/** The first variation that is not `offVariation`: what switching a flag on should serve. */
export function firstOnVariation(variationCount: number, offVariation: number | null): number {
  const first = offVariation === 0 ? 1 : 0
  return Math.min(first, variationCount - 1)
}

/** A new rule id that the flag does not use yet (an id for the server, never shown). */
export function newRuleId(rules: readonly { id?: string }[], random = Math.random): string {
  const taken = new Set(rules.map((r) => r.id))
  for (;;) {
    const id = `rule-${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}`
    if (!taken.has(id)) return id
  }
}

/** Moves the item at `from` to `to` (for reordering rules with buttons). */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items]
  const next = [...items]
  const [item] = next.splice(from, 1)
  next.splice(to, 0, item as T)
  return next
}

/** Replaces the item at `index`. */
export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x))
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index)
}

/**
 * The edits of `draft` (against `base`) replayed on `newer`: the fields the person changed take
 * their value, every other field keeps what was saved elsewhere.
 */
export function rebaseDraft(base: Flag, draft: ConfigDraft, newer: Flag): ConfigDraft {
  return { ...draftOf(newer), ...changedFields(base, draft) } as ConfigDraft
}

/** Fields that both the person and someone else changed since `base`. */
export function overlappingFields(base: Flag, draft: ConfigDraft, newer: Flag): string[] {
  const mine = Object.keys(changedFields(base, draft))
  const theirs = new Set(Object.keys(changedFields(base, draftOf(newer))))
  return mine.filter((f) => theirs.has(f))
}
