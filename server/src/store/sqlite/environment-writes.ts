/**
 * Environments and keys. A new environment receives every live flag, off, as a new flag
 * would be; keys are stored as digests only and revoked by setting `revokedAt`.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type {
  Actor,
  Environment,
  EnvironmentPatch,
  KeyInfo,
  NewEnvironment,
  NewKey,
} from '../store.js'
import { notFound } from '../store-error.js'
import {
  auditedEnvironment,
  defaultConfig,
  toEnvironment,
  toKeyInfo,
  variationCountOf,
} from '../common/rows.js'
import { environmentTaken, lastAdminToken } from '../common/write-checks.js'
import { audit, schema, type Ctx } from './context.js'
import { envRow } from './rows.js'

export function createEnvironment(ctx: Ctx, input: NewEnvironment, actor: Actor): Environment {
  const exists = ctx.db
    .select({ id: schema.environments.id })
    .from(schema.environments)
    .where(eq(schema.environments.key, input.key))
    .get()
  if (exists !== undefined) throw environmentTaken(input.key)
  // Version 1 with an empty change log: an SDK resuming from 0 gets a whole `put`.
  const row = ctx.db
    .insert(schema.environments)
    .values({
      key: input.key,
      name: input.name,
      version: 1,
      critical: input.critical ?? input.key === 'production',
      createdAt: ctx.now(),
    })
    .returning()
    .get()
  const live = ctx.db
    .select({ id: schema.flags.id, variations: schema.flags.variations })
    .from(schema.flags)
    .where(isNull(schema.flags.archivedAt))
    .all()
  for (const flag of live) {
    const count = variationCountOf(flag.variations)
    ctx.db
      .insert(schema.flagConfigs)
      .values({
        flagId: flag.id,
        environmentId: row.id,
        version: 1,
        config: JSON.stringify(defaultConfig(count)),
      })
      .run()
  }
  const env = toEnvironment(row)
  audit(ctx, actor, {
    action: 'environment.create',
    targetKind: 'environment',
    targetKey: row.key,
    environment: row.key,
    before: null,
    after: auditedEnvironment(env),
  })
  return env
}

export function updateEnvironment(
  ctx: Ctx,
  key: string,
  patch: EnvironmentPatch,
  actor: Actor,
): Environment {
  const e = schema.environments
  const row = ctx.db.select().from(e).where(eq(e.key, key)).get()
  if (row === undefined) throw notFound(`environment ${key}`)
  const before = toEnvironment(row)
  const updated = ctx.db
    .update(e)
    .set({ name: patch.name ?? row.name, critical: patch.critical ?? row.critical })
    .where(eq(e.id, row.id))
    .returning()
    .get()
  const after = toEnvironment(updated)
  audit(ctx, actor, {
    action: 'environment.update',
    targetKind: 'environment',
    targetKey: key,
    environment: key,
    before: auditedEnvironment(before),
    after: auditedEnvironment(after),
  })
  return after
}

export { toKeyInfo }

export function createKey(ctx: Ctx, input: NewKey, actor: Actor): KeyInfo {
  const envId = input.environment === null ? null : envRow(ctx, input.environment).id
  const row = ctx.db
    .insert(schema.apiKeys)
    .values({
      kind: input.kind,
      name: input.name,
      environmentId: envId,
      digest: input.digest,
      hint: input.hint,
      createdAt: ctx.now(),
    })
    .returning()
    .get()
  const info = toKeyInfo(row, input.environment)
  audit(ctx, actor, {
    action: 'key.create',
    targetKind: 'key',
    targetKey: String(row.id),
    environment: input.environment,
    before: null,
    after: info,
  })
  return info
}

function countActive(ctx: Ctx, kind: KeyInfo['kind']): number {
  return ctx.db
    .select({ id: schema.apiKeys.id })
    .from(schema.apiKeys)
    .where(and(eq(schema.apiKeys.kind, kind), isNull(schema.apiKeys.revokedAt)))
    .all().length
}

export function revokeKey(ctx: Ctx, id: number, actor: Actor): KeyInfo {
  const row = ctx.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id)).get()
  if (row === undefined || row.revokedAt !== null) throw notFound(`key ${id}`)
  if (row.kind === 'admin' && countActive(ctx, 'admin') <= 1) {
    throw lastAdminToken()
  }
  const env =
    row.environmentId === null
      ? null
      : (ctx.db
          .select({ key: schema.environments.key })
          .from(schema.environments)
          .where(eq(schema.environments.id, row.environmentId))
          .get()?.key ?? null)
  const before = toKeyInfo(row, env)
  const after = { ...before, revokedAt: ctx.now() }
  ctx.db
    .update(schema.apiKeys)
    .set({ revokedAt: after.revokedAt })
    .where(eq(schema.apiKeys.id, id))
    .run()
  audit(ctx, actor, {
    action: 'key.revoke',
    targetKind: 'key',
    targetKey: String(id),
    environment: env,
    before,
    after,
  })
  return after
}
