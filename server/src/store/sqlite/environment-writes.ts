/**
 * Environments and keys. A new environment receives every live flag, off, as a new flag
 * would be; keys are stored as digests only and revoked by setting `revokedAt`.
 */
import { and, eq, gt, isNull, like, or } from 'drizzle-orm'
import type {
  Actor,
  Environment,
  EnvironmentPatch,
  KeyInfo,
  NewEnvironment,
  NewKey,
  NewToken,
  TokenInfo,
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
import { ADMIN_SCOPE_PATTERN, toTokenInfo, tokenValues } from '../common/token-rows.js'
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
    .set({
      name: patch.name ?? row.name,
      critical: patch.critical ?? row.critical,
      requireApproval: patch.requireApproval ?? row.requireApproval,
    })
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

export function createToken(ctx: Ctx, input: NewToken, actor: Actor): TokenInfo {
  const row = ctx.db.insert(schema.apiKeys).values(tokenValues(input, ctx.now())).returning().get()
  const info = toTokenInfo(row)
  audit(ctx, actor, {
    action: 'token.create',
    targetKind: 'token',
    targetKey: String(row.id),
    environment: null,
    before: null,
    after: info,
  })
  return info
}

/** Tokens that may do everything and still work: one must remain, or no one could sign in. */
function countAdminTokens(ctx: Ctx): number {
  const k = schema.apiKeys
  return ctx.db
    .select({ id: k.id })
    .from(k)
    .where(
      and(
        eq(k.kind, 'admin'),
        isNull(k.revokedAt),
        like(k.scopes, ADMIN_SCOPE_PATTERN),
        or(isNull(k.expiresAt), gt(k.expiresAt, ctx.now())),
      ),
    )
    .all().length
}

export function revokeKey(ctx: Ctx, id: number, actor: Actor): KeyInfo {
  const row = ctx.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id)).get()
  if (row === undefined || row.revokedAt !== null) throw notFound(`key ${id}`)
  const token = row.kind === 'admin'
  if (token && row.scopes?.includes('"admin"') && countAdminTokens(ctx) <= 1) {
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
  const at = ctx.now()
  ctx.db.update(schema.apiKeys).set({ revokedAt: at }).where(eq(schema.apiKeys.id, id)).run()
  audit(ctx, actor, {
    action: token ? 'token.revoke' : 'key.revoke',
    targetKind: token ? 'token' : 'key',
    targetKey: String(id),
    environment: env,
    before: token ? toTokenInfo(row) : toKeyInfo(row, env),
    after: token
      ? toTokenInfo({ ...row, revokedAt: at })
      : toKeyInfo({ ...row, revokedAt: at }, env),
  })
  return toKeyInfo({ ...row, revokedAt: at }, env)
}
