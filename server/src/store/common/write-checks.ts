/**
 * The refusals of flag, segment, environment and key writes, and the merges they check: what
 * each store implementation decides the same way once it has read the rows involved.
 */
import { variationIndexIssues, type Flag, type FlagConfig } from '@andon/core'
import type { AuditInput } from './audit-row.js'
import type { FlagMeta, FlagMetaPatch, SegmentInfo, SegmentPatch, WriteOptions } from '../store.js'
import { StoreError, invalid, type Issue } from '../store-error.js'
import { flagConfigIssues, type EnvironmentView } from '../flag-checks.js'

/** An audit entry as a write gives it (the stores' `audit` adds the id, the time, the actor). */
export type { AuditInput } from './audit-row.js'

export function flagKeyTaken(key: string, archived: boolean): StoreError {
  return new StoreError(
    'conflict',
    archived
      ? `flag ${key} existed and is archived; choose another key`
      : `flag ${key} already exists`,
  )
}

export function metaAfter(before: FlagMeta, patch: FlagMetaPatch, now: number): FlagMeta {
  return { ...before, ...patch, updatedAt: now }
}

/** A flag made client-side whose prerequisites clients can not see (given as `key (env)`). */
export function hiddenPrerequisitesError(hidden: string[]): StoreError | undefined {
  if (hidden.length === 0) return undefined
  return invalid([
    {
      path: ['clientSide'],
      message: `its prerequisites are not client-side: ${hidden.join(', ')}`,
    },
  ])
}

/** A flag hidden from client keys while client-side flags require it. */
export function clientDependentsError(key: string, users: string[]): StoreError | undefined {
  if (users.length === 0) return undefined
  return new StoreError('conflict', `client-side flags require ${key}: ${users.join(', ')}`)
}

/** New variations that configs or other flags' prerequisites point past. */
export function variationChangeError(
  configs: { envKey: string; config: string }[],
  variationCount: number,
  requiring: string[],
): StoreError | undefined {
  const issues: Issue[] = configs.flatMap((c) =>
    variationIndexIssues(JSON.parse(c.config) as FlagConfig, variationCount).map((i) => ({
      path: ['variations'],
      message: `${c.envKey}: ${i.path.join('.')}: ${i.message}`,
    })),
  )
  if (requiring.length > 0) {
    issues.push({
      path: ['variations'],
      message: `flags require a variation that would no longer exist: ${requiring.join(', ')}`,
    })
  }
  return issues.length > 0 ? invalid(issues) : undefined
}

export function prerequisiteOfError(key: string, users: string[]): StoreError | undefined {
  if (users.length === 0) return undefined
  return new StoreError('conflict', `flag ${key} is a prerequisite of ${users.join(', ')}`)
}

/** A row of a flag that names another as a prerequisite, in some environment. */
export interface DependentRow {
  key: string
  env: string
  clientSide: boolean
  variation: number
}

/** The dependents that matter to a write, as `key (env)` once each. */
export function dependentNames(
  rows: DependentRow[],
  which: { clientSideOnly?: boolean; variationAtLeast?: number },
): string[] {
  const names = rows
    .filter((r) => !which.clientSideOnly || r.clientSide)
    .filter((r) => which.variationAtLeast === undefined || r.variation >= which.variationAtLeast)
    .map((r) => `${r.key} (${r.env})`)
  return [...new Set(names)]
}

export function staleFlag(key: string, version: number, envKey: string): StoreError {
  return new StoreError('stale', `flag ${key} is at version ${version} in ${envKey}`)
}

/** The config a patch makes, or the issues that refuse it. */
export function patchedConfig(
  checked: { key: string; variationCount: number; clientSide: boolean },
  current: FlagConfig,
  patch: Partial<FlagConfig>,
  env: EnvironmentView,
): FlagConfig {
  const config: FlagConfig = { ...current, ...patch }
  const issues = flagConfigIssues(checked, config, env)
  if (issues.length > 0) throw invalid(issues)
  return config
}

/** How a config write is audited when it is not an admin's edit: the guard's or an alert's. */
export interface AuditAs {
  action: string
  /** The evidence, kept in the entry's `after` beside the flag. */
  detail: unknown
}

export function configAudit(
  key: string,
  envKey: string,
  before: Flag,
  flag: Flag,
  options: WriteOptions,
  auditAs: AuditAs | undefined,
): AuditInput {
  return {
    action: auditAs?.action ?? 'flag.config.update',
    targetKind: 'flag',
    targetKey: key,
    environment: envKey,
    before,
    after: auditAs === undefined ? flag : { ...flag, detail: auditAs.detail },
    comment: options.comment,
  }
}

export function segmentTaken(key: string, envKey: string): StoreError {
  return new StoreError('conflict', `segment ${key} already exists in ${envKey}`)
}

/** A segment's stored definition from what creating it gave. */
export function segmentDefinition(
  input: Partial<Pick<SegmentInfo, 'included' | 'excluded' | 'rules'>>,
) {
  return {
    included: input.included ?? [],
    excluded: input.excluded ?? [],
    rules: input.rules ?? [],
  }
}

export function staleSegment(key: string, version: number, envKey: string): StoreError {
  return new StoreError('stale', `segment ${key} is at version ${version} in ${envKey}`)
}

export function segmentAfter(before: SegmentInfo, patch: SegmentPatch, now: number): SegmentInfo {
  return { ...before, ...patch, version: before.version + 1, updatedAt: now }
}

export function segmentInUse(key: string, users: string[]): StoreError | undefined {
  if (users.length === 0) return undefined
  return new StoreError('conflict', `segment ${key} is used by ${users.join(', ')}`)
}

export const environmentTaken = (key: string) =>
  new StoreError('conflict', `environment ${key} exists`)

export const lastAdminToken = () =>
  new StoreError('conflict', 'the last admin token can not be revoked: no one could sign in')
