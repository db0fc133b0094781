/**
 * Flag writes: create (in every environment), metadata updates, archive, and environment
 * config updates. Each runs in one transaction that also bumps every touched environment's
 * version, logs the stream events of each view, and writes one audit entry.
 */
import { eq } from 'drizzle-orm'
import { variationIndexIssues, type Flag, type FlagConfig } from '@andon/core'
import type { Actor, Change, FlagMeta, FlagMetaPatch, NewFlag, WriteOptions } from '../store.js'
import { flagConfigIssues } from '../flag-checks.js'
import { StoreError, invalid } from '../store-error.js'
import { audit, schema, type Ctx } from './context.js'
import { allEnvs, configsOf, defaultConfig, logFlagChange, writeConfig } from './flag-changes.js'
import { dependents, hiddenPrerequisites } from './flag-dependencies.js'
import { configRow, envRow, environmentView, requireLiveFlag, toFlag, toMeta } from './rows.js'
import { newStratum, resetAfterTrip, splitChanged } from './guard-windows.js'
import { pauseForHandEdit } from './release-rows.js'

/** How a config write is audited when it is not an admin's edit: the guard's or an alert's. */
export interface AuditAs {
  action: string
  /** The evidence, kept in the entry's `after` beside the flag. */
  detail: unknown
}

export function createFlag(ctx: Ctx, input: NewFlag, actor: Actor, out: Change[]): FlagMeta {
  const existing = ctx.db
    .select({ archivedAt: schema.flags.archivedAt })
    .from(schema.flags)
    .where(eq(schema.flags.key, input.key))
    .get()
  if (existing !== undefined) {
    throw new StoreError(
      'conflict',
      existing.archivedAt === null
        ? `flag ${input.key} already exists`
        : `flag ${input.key} existed and is archived; choose another key`,
    )
  }
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
  const after: FlagMeta = { ...before, ...patch, updatedAt: ctx.now() }
  const configs = configsOf(ctx, row.id)
  if (after.clientSide && !before.clientSide) {
    const hidden = hiddenPrerequisites(ctx, row.id)
    if (hidden.length > 0) {
      throw invalid([
        {
          path: ['clientSide'],
          message: `its prerequisites are not client-side: ${hidden.join(', ')}`,
        },
      ])
    }
  }
  if (!after.clientSide && before.clientSide) {
    const users = dependents(ctx, key, { clientSideOnly: true })
    if (users.length > 0) {
      throw new StoreError('conflict', `client-side flags require ${key}: ${users.join(', ')}`)
    }
  }
  if (patch.variations !== undefined) {
    const issues = configs.flatMap((c) =>
      variationIndexIssues(JSON.parse(c.config) as FlagConfig, after.variations.length).map(
        (i) => ({
          path: ['variations'],
          message: `${c.envKey}: ${i.path.join('.')}: ${i.message}`,
        }),
      ),
    )
    const requiring = dependents(ctx, key, { variationAtLeast: after.variations.length })
    if (requiring.length > 0) {
      issues.push({
        path: ['variations'],
        message: `flags require a variation that would no longer exist: ${requiring.join(', ')}`,
      })
    }
    if (issues.length > 0) throw invalid(issues)
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
  const users = dependents(ctx, key)
  if (users.length > 0) {
    throw new StoreError('conflict', `flag ${key} is a prerequisite of ${users.join(', ')}`)
  }
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
    throw new StoreError('stale', `flag ${key} is at version ${current.version} in ${envKey}`)
  }
  const variations = toMeta(row).variations
  const config: FlagConfig = { ...current.config, ...patch }
  const checked = { key, variationCount: variations.length, clientSide: row.clientSide }
  const issues = flagConfigIssues(checked, config, environmentView(ctx, env.id))
  if (issues.length > 0) throw invalid(issues)
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
  audit(ctx, options.actor, {
    action: auditAs?.action ?? 'flag.config.update',
    targetKind: 'flag',
    targetKey: key,
    environment: envKey,
    before,
    after: auditAs === undefined ? flag : { ...flag, detail: auditAs.detail },
    comment: options.comment,
  })
  return flag
}
