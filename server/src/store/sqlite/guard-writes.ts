/**
 * Setting a flag's guards in one environment, and switching a flag off for an outside alert.
 * Setting guards replaces them all, starts their windows, and sets the flag's `metrics` to
 * the guarded metric keys through the normal flag write (new version, stream patch, audit),
 * so that SDKs start attributing those metrics to variations.
 */
import { and, eq } from 'drizzle-orm'
import type { FlagGuards, GuardInput } from '../../guard/guard-model.js'
import type { Actor, AlertOutcome, Change } from '../store.js'
import { guardSettings, guardedMetrics } from '../common/guard-rules.js'
import { audit, schema, type Ctx } from './context.js'
import { configRow, envRow, liveFlagRow, requireLiveFlag, toMeta } from './rows.js'
import { guardsOf, settingsOf, statusOf } from './guard-windows.js'
import { updateFlagConfig } from './flag-writes.js'

export function flagGuards(ctx: Ctx, flagKey: string, envKey: string): FlagGuards | undefined {
  const env = envRow(ctx, envKey)
  const row = liveFlagRow(ctx, flagKey)
  if (row === undefined) return undefined
  const count = toMeta(row).variations.length
  return {
    flag: flagKey,
    environment: envKey,
    guards: guardsOf(ctx, env.id, row.id).map((g) => statusOf(ctx, g, count)),
  }
}

export function setGuards(
  ctx: Ctx,
  flagKey: string,
  envKey: string,
  inputs: GuardInput[],
  actor: Actor,
  out: Change[],
): FlagGuards {
  const env = envRow(ctx, envKey)
  const row = requireLiveFlag(ctx, flagKey)
  const count = toMeta(row).variations.length
  const current = configRow(ctx, env.id, row.id).config
  const settings = guardSettings(inputs, current, count)

  const before = guardsOf(ctx, env.id, row.id).map(settingsOf)
  ctx.db
    .delete(schema.guards)
    .where(and(eq(schema.guards.environmentId, env.id), eq(schema.guards.flagId, row.id)))
    .run()
  const since = ctx.now()
  settings.forEach((s, position) =>
    ctx.db
      .insert(schema.guards)
      .values({ ...s, environmentId: env.id, flagId: row.id, position, since })
      .run(),
  )
  const metrics = guardedMetrics(current, settings)
  if (metrics !== undefined) updateFlagConfig(ctx, flagKey, envKey, metrics, { actor }, out)
  audit(ctx, actor, {
    action: 'flag.guards.update',
    targetKind: 'flag',
    targetKey: flagKey,
    environment: envKey,
    before,
    after: settings,
  })
  return flagGuards(ctx, flagKey, envKey) as FlagGuards
}

/** Switches a flag off on an outside signal (an Alertmanager alert), the alert in the audit. */
export function disableForAlert(
  ctx: Ctx,
  flagKey: string,
  envKey: string,
  actor: Actor,
  detail: unknown,
  out: Change[],
): AlertOutcome {
  const env = envRow(ctx, envKey)
  const row = liveFlagRow(ctx, flagKey)
  if (row === undefined) return 'unknown-flag'
  if (!configRow(ctx, env.id, row.id).config.enabled) return 'already-off'
  updateFlagConfig(ctx, flagKey, envKey, { enabled: false }, { actor }, out, {
    action: 'flag.alert.disable',
    detail,
  })
  return 'disabled'
}
