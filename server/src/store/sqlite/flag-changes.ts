/**
 * What every flag write shares: a new flag's default config, writing a config, and logging a
 * flag's change in one environment as stream events for each view.
 */
import { and, eq } from 'drizzle-orm'
import type { Flag, FlagConfig } from '@andon/core'
import type { Change, ChangeEvent } from '../store.js'
import { recordChange, schema, type Ctx, type EnvRow } from './context.js'
import { newlyVisibleSegments } from './client-view.js'
import { configOf } from './rows.js'

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

export const allEnvs = (ctx: Ctx): EnvRow[] =>
  ctx.db
    .select({ id: schema.environments.id, key: schema.environments.key })
    .from(schema.environments)
    .all()

/** Patches of the segments that a client-side flag's new rules show to clients for the first time. */
function shownSegments(
  ctx: Ctx,
  envId: number,
  flagId: number,
  was: { client: boolean; config: FlagConfig | null },
  flag: Flag,
): ChangeEvent[] {
  const before = was.client ? was.config : null
  return newlyVisibleSegments(ctx, envId, flagId, before, configOf(flag)).map((s) => ({
    event: 'patch',
    data: { kind: 'segment', key: s.key, version: s.version, value: s },
    server: false,
    client: true,
  }))
}

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
  was: { client: boolean; config: FlagConfig | null },
  now: { client: boolean; flag: Flag },
  archived: boolean,
  out: Change[],
) {
  recordChange(
    ctx,
    env,
    () => {
      const flag = now.flag
      const header = { kind: 'flag', key: flag.key, version: flag.version }
      if (archived) return [{ event: 'delete', data: header, server: true, client: was.client }]
      const events = now.client ? shownSegments(ctx, env.id, flagId, was, flag) : []
      events.push({
        event: 'patch',
        data: { ...header, value: flag },
        server: true,
        client: now.client,
      })
      if (was.client && !now.client) {
        events.push({ event: 'delete', data: header, server: false, client: true })
      }
      return events
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
