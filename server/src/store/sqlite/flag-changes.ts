/**
 * What every flag write shares: a new flag's default config, writing a config, and logging a
 * flag's change in one environment as stream events for each view.
 */
import { and, eq } from 'drizzle-orm'
import type { FlagConfig } from '@andon/core'
import type { Change } from '../store.js'
import { flagChangeEvents, type FlagNow, type FlagWas } from '../common/change-events.js'
import { recordChange, schema, type Ctx, type EnvRow } from './context.js'
import { newlyVisibleSegments } from './client-view.js'
import { configOf } from './rows.js'

export { defaultConfig } from '../common/rows.js'

export const allEnvs = (ctx: Ctx): EnvRow[] =>
  ctx.db
    .select({ id: schema.environments.id, key: schema.environments.key })
    .from(schema.environments)
    .all()

export function writeConfig(
  ctx: Ctx,
  envId: number,
  flagId: number,
  version: number,
  config: FlagConfig,
) {
  ctx.db
    .update(schema.flagConfigs)
    .set({ version, config: JSON.stringify(config) })
    .where(and(eq(schema.flagConfigs.environmentId, envId), eq(schema.flagConfigs.flagId, flagId)))
    .run()
}

/**
 * Logs one flag's change in one environment: the segments it newly shows to clients, then a
 * `patch` (or a `delete` when it is archived or no longer client-side, for client views).
 */
export function logFlagChange(
  ctx: Ctx,
  env: EnvRow,
  flagId: number,
  was: FlagWas,
  now: FlagNow,
  archived: boolean,
  out: Change[],
) {
  recordChange(
    ctx,
    env,
    () => {
      const shown =
        now.client && !archived
          ? newlyVisibleSegments(ctx, env.id, flagId, was, configOf(now.flag))
          : []
      return flagChangeEvents(was, now, archived, shown)
    },
    out,
  )
}

/** Every environment config of a flag: a metadata change reaches every environment's payload. */
export function configsOf(ctx: Ctx, flagId: number) {
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
    .all()
}
