/**
 * Flag writes: create (in every environment), metadata updates, archive, and environment
 * config updates. Each runs in one transaction that also bumps every touched environment's
 * version, logs the stream events of each view, and writes one audit entry. Writes to the flag
 * itself take the catalog lock and then every environment's; a config write takes its
 * environment's, before anything it decides on is read.
 */
import { eq } from 'drizzle-orm'
import type { Flag, FlagConfig } from '@andon/core'
import type { Actor, Change, FlagMeta, FlagMetaPatch, NewFlag, WriteOptions } from '../store.js'
import { defaultConfig, toFlag, toMeta } from '../common/rows.js'
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
import {
  audit,
  lockCatalog,
  lockEnvironments,
  lockedEnvironment,
  schema,
  type EnvRow,
  type PgCtx,
} from './context.js'
import { allEnvs, configsOf, logFlagChange, writeConfig } from './flag-changes.js'
import { dependents, hiddenPrerequisites } from './flag-dependencies.js'
import { NO_ENVIRONMENT_VIEW, needsEnvironmentView } from '../flag-checks.js'
import { environmentView, liveFlagWithConfig, requireLiveFlag } from './rows.js'
import { newStratum, resetAfterTrip } from './guard-windows.js'
import { pauseForHandEdit } from './release-rows.js'

/** The locks of a write to the flag itself: the catalog, then every environment. */
async function lockEverything(ctx: PgCtx): Promise<EnvRow[]> {
  await lockCatalog(ctx)
  const envs = await allEnvs(ctx)
  await lockEnvironments(
    ctx,
    envs.map((e) => e.id),
  )
  return envs
}

export async function createFlag(
  ctx: PgCtx,
  input: NewFlag,
  actor: Actor,
  out: Change[],
): Promise<FlagMeta> {
  const envs = await lockEverything(ctx)
  const [existing] = await ctx.db
    .select({ archivedAt: schema.flags.archivedAt })
    .from(schema.flags)
    .where(eq(schema.flags.key, input.key))
  if (existing !== undefined) throw flagKeyTaken(input.key, existing.archivedAt !== null)
  const now = ctx.now()
  const [row] = await ctx.db
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
  if (row === undefined) throw new Error('the flag insert returned no row')
  const config = defaultConfig(input.variations.length)
  for (const env of envs) {
    await ctx.db
      .insert(schema.flagConfigs)
      .values({ flagId: row.id, environmentId: env.id, version: 1, config: JSON.stringify(config) })
    const flag = toFlag(row.key, input.variations, 1, config)
    await logFlagChange(
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
  await audit(ctx, actor, {
    action: 'flag.create',
    targetKind: 'flag',
    targetKey: row.key,
    environment: null,
    before: null,
    after: meta,
  })
  return meta
}

export async function updateFlag(
  ctx: PgCtx,
  key: string,
  patch: FlagMetaPatch,
  actor: Actor,
  out: Change[],
): Promise<FlagMeta> {
  await lockEverything(ctx)
  const row = await requireLiveFlag(ctx, key)
  const before = toMeta(row)
  const after = metaAfter(before, patch, ctx.now())
  const configs = await configsOf(ctx, row.id)
  if (after.clientSide && !before.clientSide) {
    const error = hiddenPrerequisitesError(await hiddenPrerequisites(ctx, row.id))
    if (error !== undefined) throw error
  }
  if (!after.clientSide && before.clientSide) {
    const error = clientDependentsError(key, await dependents(ctx, key, { clientSideOnly: true }))
    if (error !== undefined) throw error
  }
  if (patch.variations !== undefined) {
    const count = after.variations.length
    const requiring = await dependents(ctx, key, { variationAtLeast: count })
    const error = variationChangeError(configs, count, requiring)
    if (error !== undefined) throw error
  }
  await ctx.db
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
  await newConfigVersions(ctx, configs, out, {
    flagId: row.id,
    key,
    variations: after.variations,
    client: { was: before.clientSide, now: after.clientSide },
    archived: false,
  })
  await audit(ctx, actor, {
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
async function newConfigVersions(
  ctx: PgCtx,
  configs: Awaited<ReturnType<typeof configsOf>>,
  out: Change[],
  flag: {
    flagId: number
    key: string
    variations: Flag['variations']
    client: { was: boolean; now: boolean }
    archived: boolean
  },
): Promise<void> {
  for (const c of configs) {
    const config = JSON.parse(c.config) as FlagConfig
    const version = c.version + 1
    await writeConfig(ctx, c.envId, flag.flagId, version, config)
    await logFlagChange(
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

export async function archiveFlag(
  ctx: PgCtx,
  key: string,
  actor: Actor,
  out: Change[],
): Promise<void> {
  await lockEverything(ctx)
  const row = await requireLiveFlag(ctx, key)
  const refused = prerequisiteOfError(key, await dependents(ctx, key))
  if (refused !== undefined) throw refused
  const meta = toMeta(row)
  await ctx.db
    .update(schema.flags)
    .set({ archivedAt: ctx.now() })
    .where(eq(schema.flags.id, row.id))
  await newConfigVersions(ctx, await configsOf(ctx, row.id), out, {
    flagId: row.id,
    key,
    variations: meta.variations,
    client: { was: meta.clientSide, now: false },
    archived: true,
  })
  await audit(ctx, actor, {
    action: 'flag.archive',
    targetKind: 'flag',
    targetKey: key,
    environment: null,
    before: meta,
    after: null,
  })
}

/**
 * A config write in one environment. It takes the environment's lock (again, when the caller,
 * a guard or a release plan, holds it already: advisory locks are re-entrant) so that the
 * `If-Match` check and the checks of the config hold until the commit.
 */
export async function updateFlagConfig(
  ctx: PgCtx,
  key: string,
  envKey: string,
  patch: Partial<FlagConfig>,
  options: WriteOptions,
  out: Change[],
  auditAs?: AuditAs,
): Promise<Flag> {
  const env = await lockedEnvironment(ctx, envKey)
  const { row, current } = await liveFlagWithConfig(ctx, key, env.id)
  if (options.ifMatch !== undefined && options.ifMatch !== current.version) {
    throw staleFlag(key, current.version, envKey)
  }
  const variations = toMeta(row).variations
  const checked = { key, variationCount: variations.length, clientSide: row.clientSide }
  const view = needsEnvironmentView({ ...current.config, ...patch })
    ? await environmentView(ctx, env.id)
    : NO_ENVIRONMENT_VIEW
  const config = patchedConfig(checked, current.config, patch, view)
  const version = current.version + 1
  await writeConfig(ctx, env.id, row.id, version, config)
  if (!current.config.enabled && config.enabled) await resetAfterTrip(ctx, env.id, row.id)
  if (splitChanged(current.config, config)) await newStratum(ctx, env.id, row.id)
  if (patch.fallthrough !== undefined) await pauseForHandEdit(ctx, env.id, row.id, options.actor)
  const before = toFlag(key, variations, current.version, current.config)
  const flag = toFlag(key, variations, version, config)
  await logFlagChange(
    ctx,
    env,
    row.id,
    { client: row.clientSide, config: current.config },
    { client: row.clientSide, flag },
    false,
    out,
  )
  await audit(ctx, options.actor, configAudit(key, envKey, before, flag, options, auditAs))
  return flag
}
