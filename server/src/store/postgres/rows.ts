/**
 * The lookups of the PostgreSQL store's reads and writes: an environment, a live flag and its
 * config, a live segment, an environment's flags, and the environment the flag checks see.
 * They take a reader: the database, or a write's or a snapshot's transaction.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { PgDatabase } from 'drizzle-orm/pg-core'
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres'
import type { FlagConfig, Prerequisite } from '@andon/core'
import type { EnvironmentView } from '../flag-checks.js'
import { notFound } from '../store-error.js'
import { variationCountOf } from '../common/rows.js'
import { schema, type EnvRow, type PgDb } from './context.js'

/** What reads need: the database or a transaction (the same query API), and the clock. */
export interface PgReader {
  db: PgDatabase<NodePgQueryResultHKT, typeof schema>
  now: () => number
}

export type FlagRow = typeof schema.flags.$inferSelect
export type SegmentRow = typeof schema.segments.$inferSelect

/**
 * Runs reads of several statements in one read-only snapshot, as SQLite's synchronous reads
 * are: a payload's version and its flags then belong to the same commit.
 */
export function snapshot<T>(
  db: PgDb,
  now: () => number,
  read: (r: PgReader) => Promise<T>,
): Promise<T> {
  return db.transaction((tx) => read({ db: tx, now }), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  })
}

export async function envRow(r: PgReader, key: string): Promise<EnvRow> {
  const [row] = await r.db
    .select({ id: schema.environments.id, key: schema.environments.key })
    .from(schema.environments)
    .where(eq(schema.environments.key, key))
  if (row === undefined) throw notFound(`environment ${key}`)
  return row
}

export async function liveFlagRow(r: PgReader, key: string): Promise<FlagRow | undefined> {
  const [row] = await r.db
    .select()
    .from(schema.flags)
    .where(and(eq(schema.flags.key, key), isNull(schema.flags.archivedAt)))
  return row
}

export async function requireLiveFlag(r: PgReader, key: string): Promise<FlagRow> {
  const row = await liveFlagRow(r, key)
  if (row === undefined) throw notFound(`flag ${key}`)
  return row
}

export async function configRow(r: PgReader, envId: number, flagId: number) {
  const [row] = await r.db
    .select()
    .from(schema.flagConfigs)
    .where(and(eq(schema.flagConfigs.environmentId, envId), eq(schema.flagConfigs.flagId, flagId)))
  if (row === undefined) throw notFound('flag configuration')
  return { version: row.version, config: JSON.parse(row.config) as FlagConfig }
}

/** Joins a flag to its config in one environment. */
const configIn = (envId: number) =>
  and(eq(schema.flagConfigs.flagId, schema.flags.id), eq(schema.flagConfigs.environmentId, envId))

/** A live flag and its config in one environment, in one round trip. */
export async function liveFlagWithConfig(r: PgReader, key: string, envId: number) {
  const [found] = await r.db
    .select({
      flag: schema.flags,
      version: schema.flagConfigs.version,
      config: schema.flagConfigs.config,
    })
    .from(schema.flags)
    .leftJoin(schema.flagConfigs, configIn(envId))
    .where(and(eq(schema.flags.key, key), isNull(schema.flags.archivedAt)))
  if (found === undefined) throw notFound(`flag ${key}`)
  if (found.version === null || found.config === null) throw notFound('flag configuration')
  return {
    row: found.flag,
    current: { version: found.version, config: JSON.parse(found.config) as FlagConfig },
  }
}

export async function liveSegmentRow(
  r: PgReader,
  envId: number,
  key: string,
): Promise<SegmentRow | undefined> {
  const [row] = await r.db
    .select()
    .from(schema.segments)
    .where(
      and(
        eq(schema.segments.environmentId, envId),
        eq(schema.segments.key, key),
        isNull(schema.segments.deletedAt),
      ),
    )
  return row
}

/** The live flags of an environment with their configs, by key. */
export function envFlags(r: PgReader, envId: number) {
  return r.db
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
}

/**
 * The environment as the flag checks see it, read at once (the checks are synchronous): its
 * live flags with their prerequisites there, and its live segments. The caller holds the
 * environment's lock, so nothing changes under it before the write commits.
 */
export async function environmentView(r: PgReader, envId: number): Promise<EnvironmentView> {
  const flags = await r.db
    .select({
      key: schema.flags.key,
      variations: schema.flags.variations,
      clientSide: schema.flags.clientSide,
      config: schema.flagConfigs.config,
    })
    .from(schema.flags)
    .leftJoin(schema.flagConfigs, configIn(envId))
    .where(isNull(schema.flags.archivedAt))
  const segments = await r.db
    .select({ key: schema.segments.key })
    .from(schema.segments)
    .where(and(eq(schema.segments.environmentId, envId), isNull(schema.segments.deletedAt)))
  const byKey = new Map(flags.map((f) => [f.key, f]))
  const segmentKeys = new Set(segments.map((s) => s.key))
  return {
    flag(key) {
      const row = byKey.get(key)
      if (row === undefined) return undefined
      return { variationCount: variationCountOf(row.variations), clientSide: row.clientSide }
    },
    prerequisitesOf(key): Prerequisite[] {
      const row = byKey.get(key)
      if (row === undefined) return []
      if (row.config === null) throw notFound('flag configuration')
      return (JSON.parse(row.config) as FlagConfig).prerequisites ?? []
    },
    hasSegment: (key) => segmentKeys.has(key),
  }
}
