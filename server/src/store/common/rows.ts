/**
 * Rows into the wire model, for every store implementation: the SQLite and PostgreSQL schemas
 * have the same columns (JSON as text, times as millisecond numbers, booleans as booleans), so
 * one conversion serves both. The row types here are the columns the conversions read.
 */
import type { Flag, FlagConfig, JsonValue, Segment } from '@andon/core'
import type {
  AuditEntry,
  Environment,
  FlagMeta,
  KeyInfo,
  SegmentDefinition,
  SegmentInfo,
} from '../store.js'

export interface FlagRow {
  key: string
  name: string
  description: string
  variations: string
  clientSide: boolean
  tags: string
  createdAt: number
  updatedAt: number
}

export interface SegmentRow {
  key: string
  name: string
  description: string
  version: number
  definition: string
  updatedAt: number
}

export interface KeyRow {
  id: number
  kind: KeyInfo['kind']
  name: string
  hint: string
  createdAt: number
  revokedAt: number | null
}

export type EnvironmentRow = Environment

export interface AuditRow {
  id: number
  at: number
  actor: string
  actorKind: AuditEntry['actorKind']
  actorId: string | null
  action: string
  targetKind: string
  targetKey: string
  environmentKey: string | null
  before: string | null
  after: string | null
  comment: string | null
}

export function toFlag(key: string, variations: JsonValue[], version: number, c: FlagConfig): Flag {
  const flag: Flag = {
    key,
    version,
    enabled: c.enabled,
    variations,
    offVariation: c.offVariation,
    ...(c.salt === undefined ? {} : { salt: c.salt }),
    prerequisites: c.prerequisites ?? [],
    targets: c.targets ?? [],
    rules: c.rules ?? [],
    fallthrough: c.fallthrough,
    ...(c.metrics === undefined ? {} : { metrics: c.metrics }),
  }
  return flag
}

export function configOf(flag: Flag): FlagConfig {
  const { key: _k, version: _v, variations: _vs, ...config } = flag
  return config as FlagConfig
}

/** How many variations a flag row's JSON lists. */
export const variationCountOf = (variations: string): number =>
  (JSON.parse(variations) as unknown[]).length

export function toMeta(row: FlagRow): FlagMeta {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    variations: JSON.parse(row.variations) as JsonValue[],
    clientSide: row.clientSide,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** A new flag's config in every environment: off, serving its last variation when switched on. */
export function defaultConfig(variationCount: number): FlagConfig {
  return {
    enabled: false,
    offVariation: 0,
    prerequisites: [],
    targets: [],
    rules: [],
    fallthrough: { variation: variationCount - 1 },
  }
}

export function toSegmentInfo(row: SegmentRow): SegmentInfo {
  const def = JSON.parse(row.definition) as SegmentDefinition
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    version: row.version,
    included: def.included,
    excluded: def.excluded,
    rules: def.rules,
    updatedAt: row.updatedAt,
  }
}

export function toSegment(info: SegmentInfo): Segment {
  return {
    key: info.key,
    version: info.version,
    included: info.included,
    excluded: info.excluded,
    rules: info.rules,
  }
}

export const toEnvironment = (row: EnvironmentRow): Environment => ({
  id: row.id,
  key: row.key,
  name: row.name,
  version: row.version,
  critical: row.critical,
  requireApproval: row.requireApproval,
  createdAt: row.createdAt,
})

/** What the audit log shows of an environment: what a person can change. */
export const auditedEnvironment = (env: Environment) => ({
  key: env.key,
  name: env.name,
  critical: env.critical,
  requireApproval: env.requireApproval,
})

export function toKeyInfo(row: KeyRow, environment: string | null): KeyInfo {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    environment,
    hint: row.hint,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  }
}

export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorKind: r.actorKind,
    actorId: r.actorId,
    action: r.action,
    targetKind: r.targetKind,
    targetKey: r.targetKey,
    environment: r.environmentKey,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    comment: r.comment,
  }
}
