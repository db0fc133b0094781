/**
 * Segment writes of one environment. A segment change reaches client-key connections only
 * when a client-side flag uses the segment; a segment still used by a flag can not be deleted.
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
import {
  segmentAfter,
  segmentDefinition,
  segmentInUse,
  segmentTaken,
  staleSegment,
} from '../common/write-checks.js'
import { audit, recordChange, schema, type Ctx, type EnvRow } from './context.js'
import { clientSegments } from './client-view.js'
import { envRow, liveSegmentRow, toSegment, toSegmentInfo } from './rows.js'

function logSegment(ctx: Ctx, env: EnvRow, segment: Segment, deleted: boolean, out: Change[]) {
  const client = clientSegments(ctx, env.id).has(segment.key)
  recordChange(ctx, env, () => segmentChangeEvents(segment, deleted, client), out)
}

export function createSegment(
  ctx: Ctx,
  envKey: string,
  input: NewSegment,
  actor: Actor,
  out: Change[],
): SegmentInfo {
  const env = envRow(ctx, envKey)
  const old = ctx.db
    .select()
    .from(schema.segments)
    .where(and(eq(schema.segments.environmentId, env.id), eq(schema.segments.key, input.key)))
    .get()
  if (old !== undefined && old.deletedAt === null) {
    throw segmentTaken(input.key, envKey)
  }
  const definition = segmentDefinition(input)
  const values = {
    environmentId: env.id,
    key: input.key,
    name: input.name,
    description: input.description,
    // A re-created segment continues its old version, so SDKs that saw its delete take it.
    version: (old?.version ?? 0) + 1,
    definition: JSON.stringify(definition),
    deletedAt: null,
    updatedAt: ctx.now(),
  }
  const row =
    old === undefined
      ? ctx.db.insert(schema.segments).values(values).returning().get()
      : ctx.db
          .update(schema.segments)
          .set(values)
          .where(eq(schema.segments.id, old.id))
          .returning()
          .get()
  const info = toSegmentInfo(row)
  logSegment(ctx, env, toSegment(info), false, out)
  audit(ctx, actor, {
    action: 'segment.create',
    targetKind: 'segment',
    targetKey: input.key,
    environment: envKey,
    before: null,
    after: info,
  })
  return info
}

function requireSegment(ctx: Ctx, env: EnvRow, key: string, ifMatch: number | undefined) {
  const row = liveSegmentRow(ctx, env.id, key)
  if (row === undefined) throw notFound(`segment ${key}`)
  if (ifMatch !== undefined && ifMatch !== row.version) {
    throw staleSegment(key, row.version, env.key)
  }
  return row
}

export function updateSegment(
  ctx: Ctx,
  envKey: string,
  key: string,
  patch: SegmentPatch,
  options: WriteOptions,
  out: Change[],
): SegmentInfo {
  const env = envRow(ctx, envKey)
  const row = requireSegment(ctx, env, key, options.ifMatch)
  const before = toSegmentInfo(row)
  const after = segmentAfter(before, patch, ctx.now())
  ctx.db
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
    .run()
  logSegment(ctx, env, toSegment(after), false, out)
  audit(ctx, options.actor, {
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
function flagsUsing(ctx: Ctx, envId: number, key: string): string[] {
  return ctx.db
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
    .all()
    .filter((r) => segmentsOfConfigs([r.config]).has(key))
    .map((r) => r.key)
}

export function deleteSegment(
  ctx: Ctx,
  envKey: string,
  key: string,
  options: WriteOptions,
  out: Change[],
): void {
  const env = envRow(ctx, envKey)
  const row = requireSegment(ctx, env, key, options.ifMatch)
  const refused = segmentInUse(key, flagsUsing(ctx, env.id, key))
  if (refused !== undefined) throw refused
  const before = toSegmentInfo(row)
  const version = row.version + 1
  ctx.db
    .update(schema.segments)
    .set({ version, deletedAt: ctx.now(), updatedAt: ctx.now() })
    .where(eq(schema.segments.id, row.id))
    .run()
  logSegment(ctx, env, { ...toSegment(before), version }, true, out)
  audit(ctx, options.actor, {
    action: 'segment.delete',
    targetKind: 'segment',
    targetKey: key,
    environment: envKey,
    before,
    after: null,
  })
}
