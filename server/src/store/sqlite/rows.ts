/**
 * The lookups of the SQLite store's reads and writes: an environment, a live flag and its
 * config, a live segment, and what the flag checks and the client view need. Rows become the
 * wire model in ../common/rows.ts, which both stores use (re-exported here).
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { FlagConfig, Prerequisite } from '@andon/core'
import type { EnvironmentView } from '../flag-checks.js'
import { notFound } from '../store-error.js'
import { schema, type Ctx, type EnvRow } from './context.js'

type FlagRow = typeof schema.flags.$inferSelect
type SegmentRow = typeof schema.segments.$inferSelect

export { toFlag, configOf, toMeta, toSegmentInfo, toSegment } from '../common/rows.js'

export function envRow(ctx: Ctx, key: string): EnvRow {
  const row = ctx.db
    .select({ id: schema.environments.id, key: schema.environments.key })
    .from(schema.environments)
    .where(eq(schema.environments.key, key))
    .get()
  if (row === undefined) throw notFound(`environment ${key}`)
  return row
}

export function liveFlagRow(ctx: Ctx, key: string): FlagRow | undefined {
  return ctx.db
    .select()
    .from(schema.flags)
    .where(and(eq(schema.flags.key, key), isNull(schema.flags.archivedAt)))
    .get()
}

export function requireLiveFlag(ctx: Ctx, key: string): FlagRow {
  const row = liveFlagRow(ctx, key)
  if (row === undefined) throw notFound(`flag ${key}`)
  return row
}

export function configRow(ctx: Ctx, envId: number, flagId: number) {
  const row = ctx.db
    .select()
    .from(schema.flagConfigs)
    .where(and(eq(schema.flagConfigs.environmentId, envId), eq(schema.flagConfigs.flagId, flagId)))
    .get()
  if (row === undefined) throw notFound('flag configuration')
  return { version: row.version, config: JSON.parse(row.config) as FlagConfig }
}

export function liveSegmentRow(ctx: Ctx, envId: number, key: string): SegmentRow | undefined {
  return ctx.db
    .select()
    .from(schema.segments)
    .where(
      and(
        eq(schema.segments.environmentId, envId),
        eq(schema.segments.key, key),
        isNull(schema.segments.deletedAt),
      ),
    )
    .get()
}

/** The live flags of an environment with their configs, by key. */
export function envFlags(ctx: Ctx, envId: number) {
  return ctx.db
    .select({
      key: schema.flags.key,
      variations: schema.flags.variations,
      clientSide: schema.flags.clientSide,
      version: schema.flagConfigs.version,
      config: schema.flagConfigs.config,
    })
    .from(schema.flagConfigs)
    .innerJoin(schema.flags, eq(schema.flags.id, schema.flagConfigs.flagId))
    .where(and(eq(schema.flagConfigs.environmentId, envId), isNull(schema.flags.archivedAt)))
    .orderBy(asc(schema.flags.key))
    .all()
}

export function environmentView(ctx: Ctx, envId: number): EnvironmentView {
  return {
    flag(key) {
      const row = liveFlagRow(ctx, key)
      if (row === undefined) return undefined
      const variationCount = (JSON.parse(row.variations) as unknown[]).length
      return { variationCount, clientSide: row.clientSide }
    },
    prerequisitesOf(key): Prerequisite[] {
      const row = liveFlagRow(ctx, key)
      if (row === undefined) return []
      return configRow(ctx, envId, row.id).config.prerequisites ?? []
    },
    hasSegment: (key) => liveSegmentRow(ctx, envId, key) !== undefined,
  }
}
