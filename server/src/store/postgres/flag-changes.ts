/**
 * What every flag write shares: writing a config, and logging a flag's change in one
 * environment as stream events for each view.
 */
import { and, asc, eq } from 'drizzle-orm'
import type { FlagConfig } from '@andon/core'
import type { Change } from '../store.js'
import { flagChangeEvents, type FlagNow, type FlagWas } from '../common/change-events.js'
import { configOf } from '../common/rows.js'
import { recordChange, schema, type EnvRow, type PgCtx } from './context.js'
import { newlyVisibleSegments } from './client-view.js'

export const allEnvs = (ctx: PgCtx): Promise<EnvRow[]> =>
  ctx.db
    .select({ id: schema.environments.id, key: schema.environments.key })
    .from(schema.environments)
    .orderBy(asc(schema.environments.id))

export async function writeConfig(
  ctx: PgCtx,
  envId: number,
  flagId: number,
  version: number,
  config: FlagConfig,
): Promise<void> {
  await ctx.db
    .update(schema.flagConfigs)
    .set({ version, config: JSON.stringify(config) })
    .where(and(eq(schema.flagConfigs.environmentId, envId), eq(schema.flagConfigs.flagId, flagId)))
}

/**
 * Logs one flag's change in one environment: the segments it newly shows to clients, then a
 * `patch` (or a `delete` when it is archived or no longer client-side, for client views).
 */
export async function logFlagChange(
  ctx: PgCtx,
  env: EnvRow,
  flagId: number,
  was: FlagWas,
  now: FlagNow,
  archived: boolean,
  out: Change[],
): Promise<void> {
  const shown =
    now.client && !archived
      ? await newlyVisibleSegments(ctx, env.id, flagId, was, configOf(now.flag))
      : []
  await recordChange(ctx, env, flagChangeEvents(was, now, archived, shown), out)
}

/** Every environment config of a flag, by environment: a metadata change reaches them all. */
export function configsOf(ctx: PgCtx, flagId: number) {
  return ctx.db
    .select({
      envId: schema.environments.id,
      envKey: schema.environments.key,
      version: schema.flagConfigs.version,
      config: schema.flagConfigs.config,
    })
    .from(schema.flagConfigs)
    .innerJoin(schema.environments, eq(schema.environments.id, schema.flagConfigs.environmentId))
    .where(eq(schema.flagConfigs.flagId, flagId))
    .orderBy(asc(schema.environments.id))
}
