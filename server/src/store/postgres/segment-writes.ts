/**
 * Segment writes of one environment, under its lock. A segment change reaches client-key
 * connections only when a client-side flag uses the segment; a segment still used by a flag
 * can not be deleted.
 */
import { and, eq, isNull, like } from 'drizzle-orm'
import type { Segment } from '@andon/core'
import type {
  Actor,
  Change,
  NewSegment,
  SegmentInfo,
  SegmentPatch,
  WriteOptions,
} from '../store.js'
import { notFound } from '../store-error.js'
import { segmentChangeEvents, segmentsOfConfigs } from '../common/change-events.js'
import { toSegment, toSegmentInfo } from '../common/rows.js'
import {
  segmentAfter,
  segmentDefinition,
  segmentInUse,
  segmentTaken,
  staleSegment,
} from '../common/write-checks.js'
import {
  audit,
  lockedEnvironment,
  recordChange,
  schema,
  type EnvRow,
  type PgCtx,
} from './context.js'
import { clientSegments } from './client-view.js'
import { liveSegmentRow } from './rows.js'

async function logSegment(
  ctx: PgCtx,
  env: EnvRow,
  segment: Segment,
  deleted: boolean,
  out: Change[],
): Promise<void> {
  const client = (await clientSegments(ctx, env.id)).has(segment.key)
  await recordChange(ctx, env, segmentChangeEvents(segment, deleted, client), out)
}

export async function createSegment(
  ctx: PgCtx,
  envKey: string,
  input: NewSegment,
  actor: Actor,
  out: Change[],
): Promise<SegmentInfo> {
  const env = await lockedEnvironment(ctx, envKey)
  const [old] = await ctx.db
    .select()
    .from(schema.segments)
    .where(and(eq(schema.segments.environmentId, env.id), eq(schema.segments.key, input.key)))
  if (old !== undefined && old.deletedAt === null) throw segmentTaken(input.key, envKey)
  const values = {
    environmentId: env.id,
    key: input.key,
    name: input.name,
    description: input.description,
    // A re-created segment continues its old version, so SDKs that saw its delete take it.
    version: (old?.version ?? 0) + 1,
    definition: JSON.stringify(segmentDefinition(input)),
    deletedAt: null,
    updatedAt: ctx.now(),
  }
  const [row] =
    old === undefined
      ? await ctx.db.insert(schema.segments).values(values).returning()
      : await ctx.db
          .update(schema.segments)
          .set(values)
          .where(eq(schema.segments.id, old.id))
          .returning()
  if (row === undefined) throw new Error('the segment write returned no row')
  const info = toSegmentInfo(row)
  await logSegment(ctx, env, toSegment(info), false, out)
  await audit(ctx, actor, {
    action: 'segment.create',
    targetKind: 'segment',
    targetKey: input.key,
    environment: envKey,
    before: null,
    after: info,
  })
  return info
}

async function requireSegment(ctx: PgCtx, env: EnvRow, key: string, ifMatch: number | undefined) {
  const row = await liveSegmentRow(ctx, env.id, key)
  if (row === undefined) throw notFound(`segment ${key}`)
  if (ifMatch !== undefined && ifMatch !== row.version) {
    throw staleSegment(key, row.version, env.key)
  }
  return row
}

export async function updateSegment(
  ctx: PgCtx,
  envKey: string,
  key: string,
  patch: SegmentPatch,
  options: WriteOptions,
  out: Change[],
): Promise<SegmentInfo> {
  const env = await lockedEnvironment(ctx, envKey)
  const row = await requireSegment(ctx, env, key, options.ifMatch)
  const before = toSegmentInfo(row)
  const after = segmentAfter(before, patch, ctx.now())
  await ctx.db
    .update(schema.segments)
    .set({
      name: after.name,
      description: after.description,
      version: after.version,
      definition: JSON.stringify({
        included: after.included,
        excluded: after.excluded,
        rules: after.rules,
      }),
      updatedAt: after.updatedAt,
    })
    .where(eq(schema.segments.id, row.id))
  await logSegment(ctx, env, toSegment(after), false, out)
  await audit(ctx, options.actor, {
    action: 'segment.update',
    targetKind: 'segment',
    targetKey: key,
    environment: envKey,
    before,
    after,
  })
  return after
}

/** Flags of the environment whose rules name the segment. */
async function flagsUsing(ctx: PgCtx, envId: number, key: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ key: schema.flags.key, config: schema.flagConfigs.config })
    .from(schema.flagConfigs)
    .innerJoin(schema.flags, eq(schema.flags.id, schema.flagConfigs.flagId))
    .where(
      and(
        eq(schema.flagConfigs.environmentId, envId),
        isNull(schema.flags.archivedAt),
        like(schema.flagConfigs.config, '%segmentMatch%'),
      ),
    )
  return rows.filter((r) => segmentsOfConfigs([r.config]).has(key)).map((r) => r.key)
}

export async function deleteSegment(
  ctx: PgCtx,
  envKey: string,
  key: string,
  options: WriteOptions,
  out: Change[],
): Promise<void> {
  const env = await lockedEnvironment(ctx, envKey)
  const row = await requireSegment(ctx, env, key, options.ifMatch)
  const refused = segmentInUse(key, await flagsUsing(ctx, env.id, key))
  if (refused !== undefined) throw refused
  const before = toSegmentInfo(row)
  const version = row.version + 1
  await ctx.db
    .update(schema.segments)
    .set({ version, deletedAt: ctx.now(), updatedAt: ctx.now() })
    .where(eq(schema.segments.id, row.id))
  await logSegment(ctx, env, { ...toSegment(before), version }, true, out)
  await audit(ctx, options.actor, {
    action: 'segment.delete',
    targetKind: 'segment',
    targetKey: key,
    environment: envKey,
    before,
    after: null,
  })
}
