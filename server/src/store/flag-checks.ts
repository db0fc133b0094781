/**
 * The checks of a flag's environment config that need the rest of the environment, beyond
 * what its zod schema sees: variation indexes in range, prerequisites that exist, make no cycle
 * and (for a client-side flag) are client-side themselves, since client keys see nothing else;
 * and segments that exist. Pure functions, so every store implementation shares them.
 */
import { variationIndexIssues, type FlagConfig, type Prerequisite, type Rule } from '@andon/core'
import type { Issue } from './store-error.js'

/** Lookups into the rest of the environment, made lazily so that a write reads only what it needs. */
export interface EnvironmentView {
  /** What the checks need of a live flag, or undefined when there is none of that key. */
  flag(key: string): { variationCount: number; clientSide: boolean } | undefined
  prerequisitesOf(flag: string): Prerequisite[]
  hasSegment(segment: string): boolean
}

/**
 * Whether checking `config` looks at the rest of its environment (other flags, segments): only
 * prerequisites and `segmentMatch` clauses do, so most edits (switching, ramping) need not
 * read the environment at all.
 */
export const needsEnvironmentView = (config: FlagConfig): boolean =>
  (config.prerequisites?.length ?? 0) > 0 || segmentsUsedBy(config.rules).length > 0

/** The view of a check that looks at nothing else (see needsEnvironmentView). */
export const NO_ENVIRONMENT_VIEW: EnvironmentView = {
  flag: () => undefined,
  prerequisitesOf: () => [],
  hasSegment: () => false,
}

/** The segment keys that a flag's rules name in `segmentMatch` clauses. */
export function segmentsUsedBy(rules: readonly Rule[] | undefined): string[] {
  const keys: string[] = []
  for (const rule of rules ?? []) {
    for (const clause of rule.clauses) {
      if (clause.op !== 'segmentMatch') continue
      for (const value of clause.values) if (typeof value === 'string') keys.push(value)
    }
  }
  return keys
}

function reachesItself(start: string, first: Prerequisite[], env: EnvironmentView): boolean {
  const seen = new Set<string>()
  const stack = first.map((p) => p.key)
  while (stack.length > 0) {
    const key = stack.pop() as string
    if (key === start) return true
    if (seen.has(key)) continue
    seen.add(key)
    for (const p of env.prerequisitesOf(key)) stack.push(p.key)
  }
  return false
}

export interface CheckedFlag {
  key: string
  variationCount: number
  clientSide: boolean
}

export function flagConfigIssues(
  checked: CheckedFlag,
  config: FlagConfig,
  env: EnvironmentView,
): Issue[] {
  const flagKey = checked.key
  const issues: Issue[] = variationIndexIssues(config, checked.variationCount)
  const prerequisites = config.prerequisites ?? []
  prerequisites.forEach((p, i) => {
    const other = env.flag(p.key)
    if (p.key === flagKey) {
      issues.push({ path: ['prerequisites', i, 'key'], message: 'a flag can not require itself' })
    } else if (other === undefined) {
      issues.push({ path: ['prerequisites', i, 'key'], message: `no flag ${p.key}` })
    } else if (p.variation >= other.variationCount) {
      issues.push({
        path: ['prerequisites', i, 'variation'],
        message: `variation ${p.variation} does not exist (${p.key} has ${other.variationCount})`,
      })
    } else if (checked.clientSide && !other.clientSide) {
      issues.push({
        path: ['prerequisites', i, 'key'],
        message: `${p.key} is not client-side, so client SDKs could not evaluate this flag`,
      })
    }
  })
  if (issues.length === 0 && prerequisites.length > 0) {
    if (reachesItself(flagKey, prerequisites, env)) {
      issues.push({ path: ['prerequisites'], message: 'the prerequisites make a cycle' })
    }
  }
  config.rules?.forEach((rule, i) =>
    rule.clauses.forEach((clause, j) => {
      if (clause.op !== 'segmentMatch') return
      clause.values.forEach((value, k) => {
        if (typeof value === 'string' && !env.hasSegment(value)) {
          issues.push({
            path: ['rules', i, 'clauses', j, 'values', k],
            message: `no segment ${value}`,
          })
        }
      })
    }),
  )
  return issues
}
