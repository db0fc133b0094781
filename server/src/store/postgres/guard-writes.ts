/**
 * Setting a flag's guards in one environment, and switching a flag off for an outside alert,
 * under the environment's lock. Setting guards replaces them all, starts their windows, and
 * sets the flag's `metrics` to the guarded metric keys through the normal flag write (new
 * version, stream patch, audit), so that SDKs start attributing those metrics to variations.
 */
import { and, eq } from 'drizzle-orm'
import type { FlagGuards, GuardInput } from '../../guard/guard-model.js'
import type { Actor, AlertOutcome, Change } from '../store.js'
import { toMeta } from '../common/rows.js'
import { guardSettings, guardedMetrics, settingsOf } from '../common/guard-rules.js'
import { audit, lockedEnvironment, schema, type PgCtx } from './context.js'
import { configRow, envRow, liveFlagRow, requireLiveFlag, type PgReader } from './rows.js'
import { guardsOf, statusOf } from './guard-windows.js'
import { updateFlagConfig } from './flag-writes.js'

export async function flagGuards(
  r: PgReader,
  flagKey: string,
  envKey: string,
): Promise<FlagGuards | undefined> {
  const env = await envRow(r, envKey)
  const row = await liveFlagRow(r, flagKey)
  if (row === undefined) return undefined
  const count = toMeta(row).variations.length
  const guards = []
  for (const g of await guardsOf(r, env.id, row.id)) guards.push(await statusOf(r, g, count))
  return { flag: flagKey, environment: envKey, guards }
}

export async function setGuards(
  ctx: PgCtx,
  flagKey: string,
  envKey: string,
  inputs: GuardInput[],
  actor: Actor,
  out: Change[],
): Promise<FlagGuards> {
  const env = await lockedEnvironment(ctx, envKey)
  const row = await requireLiveFlag(ctx, flagKey)
  const count = toMeta(row).variations.length
  const current = (await configRow(ctx, env.id, row.id)).config
  const settings = guardSettings(inputs, current, count)

  const before = (await guardsOf(ctx, env.id, row.id)).map(settingsOf)
  await ctx.db
    .delete(schema.guards)
    .where(and(eq(schema.guards.environmentId, env.id), eq(schema.guards.flagId, row.id)))
  const since = ctx.now()
  for (const [position, s] of settings.entries()) {
    await ctx.db
      .insert(schema.guards)
      .values({ ...s, environmentId: env.id, flagId: row.id, position, since })
  }
  const metrics = guardedMetrics(current, settings)
  if (metrics !== undefined) {
    await updateFlagConfig(ctx, flagKey, envKey, metrics, { actor }, out)
  }
  await audit(ctx, actor, {
    action: 'flag.guards.update',
    targetKind: 'flag',
    targetKey: flagKey,
    environment: envKey,
    before,
    after: settings,
  })
  return (await flagGuards(ctx, flagKey, envKey)) as FlagGuards
}

/** Switches a flag off on an outside signal (an Alertmanager alert), the alert in the audit. */
export async function disableForAlert(
  ctx: PgCtx,
  flagKey: string,
  envKey: string,
  actor: Actor,
  detail: unknown,
  out: Change[],
): Promise<AlertOutcome> {
  const env = await lockedEnvironment(ctx, envKey)
  const row = await liveFlagRow(ctx, flagKey)
  if (row === undefined) return 'unknown-flag'
  if (!(await configRow(ctx, env.id, row.id)).config.enabled) return 'already-off'
  await updateFlagConfig(ctx, flagKey, envKey, { enabled: false }, { actor }, out, {
    action: 'flag.alert.disable',
    detail,
  })
  return 'disabled'
}
