/**
 * Setting a flag's guards in one environment, and switching a flag off for an outside alert.
 * Setting guards replaces them all, starts their windows, and sets the flag's `metrics` to
 * the guarded metric keys through the normal flag write (new version, stream patch, audit),
 * so that SDKs start attributing those metrics to variations.
 */
import { and, eq } from 'drizzle-orm'
import type { FlagGuards, GuardInput } from '../../guard/guard-model.js'
import type { Actor, AlertOutcome, Change } from '../store.js'
import { invalid, type Issue } from '../store-error.js'
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

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

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
  const issues: Issue[] = []
  const settings = inputs.map((input, i) => {
    const control = input.control ?? current.offVariation
    if (control === null) {
      issues.push({ path: [i, 'control'], message: 'the flag has no offVariation: name a control' })
    } else if (control >= count) {
      issues.push({
        path: [i, 'control'],
        message: `variation ${control} does not exist (the flag has ${count})`,
      })
    }
    return { ...input, control: control ?? 0 }
  })
  if (issues.length > 0) throw invalid(issues)

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
  const metrics = [...new Set(settings.map((s) => s.metric))]
  if (!sameList(current.metrics ?? [], metrics)) {
    updateFlagConfig(
      ctx,
      flagKey,
      envKey,
      { metrics: metrics.length > 0 ? metrics : undefined },
      { actor },
      out,
    )
  }
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
