/**
 * Flag writes: create (in every environment), metadata updates, archive, and environment
 * config updates. Each runs in one transaction that also bumps every touched environment's
 * version, logs the stream events of each view, and writes one audit entry.
 */
import { eq } from 'drizzle-orm'
import type { Flag, FlagConfig } from '@andon/core'
import type { Actor, Change, FlagMeta, FlagMetaPatch, NewFlag, WriteOptions } from '../store.js'
import {
  clientDependentsError,
  configAudit,
  flagKeyTaken,
  hiddenPrerequisitesError,
  metaAfter,
  patchedConfig,
  prerequisiteOfError,
  staleFlag,
  variationChangeError,
  type AuditAs,
} from '../common/write-checks.js'
import { splitChanged } from '../common/guard-rules.js'
import { audit, schema, type Ctx } from './context.js'
import { allEnvs, configsOf, defaultConfig, logFlagChange, writeConfig } from './flag-changes.js'
import { dependents, hiddenPrerequisites } from './flag-dependencies.js'
import { configRow, envRow, environmentView, requireLiveFlag, toFlag, toMeta } from './rows.js'
import { newStratum, resetAfterTrip } from './guard-windows.js'
import { pauseForHandEdit } from './release-rows.js'

export type { AuditAs } from '../common/write-checks.js'

export function createFlag(ctx: Ctx, input: NewFlag, actor: Actor, out: Change[]): FlagMeta {
  const existing = ctx.db
    .select({ archivedAt: schema.flags.archivedAt })
    .from(schema.flags)
    .where(eq(schema.flags.key, input.key))
    .get()
  if (existing !== undefined) throw flagKeyTaken(input.key, existing.archivedAt !== null)
  const now = ctx.now()
  const row = ctx.db
    .insert(schema.flags)
    .values({
      key: input.key,
      name: input.name,
      description: input.description,
      variations: JSON.stringify(input.variations),
      clientSide: input.clientSide,
      tags: JSON.stringify(input.tags),
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
  const config = defaultConfig(input.variations.length)
  for (const env of allEnvs(ctx)) {
    ctx.db
      .insert(schema.flagConfigs)
      .values({ flagId: row.id, environmentId: env.id, version: 1, config: JSON.stringify(config) })
      .run()
    const flag = toFlag(row.key, input.variations, 1, config)
    logFlagChange(
      ctx,
      env,
      row.id,
      { client: false, config: null },
      { client: input.clientSide, flag },
      false,
      out,
    )
  }
  const meta = toMeta(row)
  audit(ctx, actor, {
    action: 'flag.create',
    targetKind: 'flag',
    targetKey: row.key,
    environment: null,
    before: null,
    after: meta,
  })
  return meta
}

export function updateFlag(
  ctx: Ctx,
  key: string,
  patch: FlagMetaPatch,
  actor: Actor,
  out: Change[],
): FlagMeta {
  const row = requireLiveFlag(ctx, key)
  const before = toMeta(row)
  const after = metaAfter(before, patch, ctx.now())
  const configs = configsOf(ctx, row.id)
  if (after.clientSide && !before.clientSide) {
    const error = hiddenPrerequisitesError(hiddenPrerequisites(ctx, row.id))
    if (error !== undefined) throw error
  }
  if (!after.clientSide && before.clientSide) {
    const error = clientDependentsError(key, dependents(ctx, key, { clientSideOnly: true }))
    if (error !== undefined) throw error
  }
  if (patch.variations !== undefined) {
    const count = after.variations.length
    const requiring = dependents(ctx, key, { variationAtLeast: count })
    const error = variationChangeError(configs, count, requiring)
    if (error !== undefined) throw error
  }
  ctx.db
    .update(schema.flags)
    .set({
      name: after.name,
      description: after.description,
      variations: JSON.stringify(after.variations),
      clientSide: after.clientSide,
      tags: JSON.stringify(after.tags),
      updatedAt: after.updatedAt,
    })
    .where(eq(schema.flags.id, row.id))
    .run()
  newConfigVersions(ctx, configs, out, {
    flagId: row.id,
    key,
    variations: after.variations,
    client: { was: before.clientSide, now: after.clientSide },
    archived: false,
  })
  audit(ctx, actor, {
    action: 'flag.update',
    targetKind: 'flag',
    targetKey: key,
    environment: null,
    before,
    after,
  })
  return after
}

/**
 * A change to the flag itself (its variations, client-side, archiving) is a new version of
 * its configuration in every environment, logged and streamed like any other change.
 */
function newConfigVersions(
  ctx: Ctx,
  configs: ReturnType<typeof configsOf>,
  out: Change[],
  flag: {
    flagId: number
    key: string
    variations: Flag['variations']
    client: { was: boolean; now: boolean }
    archived: boolean
  },
) {
  for (const c of configs) {
    const config = JSON.parse(c.config) as FlagConfig
    const version = c.version + 1
    writeConfig(ctx, c.envId, flag.flagId, version, config)
    logFlagChange(
      ctx,
      { id: c.envId, key: c.envKey },
      flag.flagId,
      { client: flag.client.was, config },
      { client: flag.client.now, flag: toFlag(flag.key, flag.variations, version, config) },
      flag.archived,
      out,
    )
  }
}

export function archiveFlag(ctx: Ctx, key: string, actor: Actor, out: Change[]): void {
  const row = requireLiveFlag(ctx, key)
  const refused = prerequisiteOfError(key, dependents(ctx, key))
  if (refused !== undefined) throw refused
  const meta = toMeta(row)
  ctx.db
    .update(schema.flags)
    .set({ archivedAt: ctx.now() })
    .where(eq(schema.flags.id, row.id))
    .run()
  newConfigVersions(ctx, configsOf(ctx, row.id), out, {
    flagId: row.id,
    key,
    variations: meta.variations,
    client: { was: meta.clientSide, now: false },
    archived: true,
  })
  audit(ctx, actor, {
    action: 'flag.archive',
    targetKind: 'flag',
    targetKey: key,
    environment: null,
    before: meta,
    after: null,
  })
}

export function updateFlagConfig(
  ctx: Ctx,
  key: string,
  envKey: string,
  patch: Partial<FlagConfig>,
  options: WriteOptions,
  out: Change[],
  auditAs?: AuditAs,
): Flag {
  const env = envRow(ctx, envKey)
  const row = requireLiveFlag(ctx, key)
  const current = configRow(ctx, env.id, row.id)
  if (options.ifMatch !== undefined && options.ifMatch !== current.version) {
    throw staleFlag(key, current.version, envKey)
  }
  const variations = toMeta(row).variations
  const checked = { key, variationCount: variations.length, clientSide: row.clientSide }
  const config = patchedConfig(checked, current.config, patch, environmentView(ctx, env.id))
  const version = current.version + 1
  writeConfig(ctx, env.id, row.id, version, config)
  if (!current.config.enabled && config.enabled) resetAfterTrip(ctx, env.id, row.id)
  if (splitChanged(current.config, config)) newStratum(ctx, env.id, row.id)
  if (patch.fallthrough !== undefined) pauseForHandEdit(ctx, env.id, row.id, options.actor)
  const before = toFlag(key, variations, current.version, current.config)
  const flag = toFlag(key, variations, version, config)
  logFlagChange(
    ctx,
    env,
    row.id,
    { client: row.clientSide, config: current.config },
    { client: row.clientSide, flag },
    false,
    out,
  )
  audit(ctx, options.actor, configAudit(key, envKey, before, flag, options, auditAs))
  return flag
}
