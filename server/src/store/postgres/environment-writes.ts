/**
 * Environments and keys. A new environment (under the catalog lock) receives every live flag,
 * off, as a new flag would be; keys are stored as digests only and revoked by setting
 * `revokedAt`. Key writes lock their environment (admin tokens, which have none, the catalog,
 * so that two revocations can not both leave the last one) and tell every process's key cache.
 */
import { and, count, eq, gt, isNull, like, or } from 'drizzle-orm'
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
import {
  announceHeldChange,
  audit,
  lockCatalog,
  lockEnvironments,
  schema,
  type PgCtx,
} from './context.js'
import { envRow } from './rows.js'

export async function createEnvironment(
  ctx: PgCtx,
  input: NewEnvironment,
  actor: Actor,
): Promise<Environment> {
  await lockCatalog(ctx)
  const [exists] = await ctx.db
    .select({ id: schema.environments.id })
    .from(schema.environments)
    .where(eq(schema.environments.key, input.key))
  if (exists !== undefined) throw environmentTaken(input.key)
  // Version 1 with an empty change log: an SDK resuming from 0 gets a whole `put`.
  const [row] = await ctx.db
    .insert(schema.environments)
    .values({
      key: input.key,
      name: input.name,
      version: 1,
      critical: input.critical ?? input.key === 'production',
      createdAt: ctx.now(),
    })
    .returning()
  if (row === undefined) throw new Error('the environment insert returned no row')
  const live = await ctx.db
    .select({ id: schema.flags.id, variations: schema.flags.variations })
    .from(schema.flags)
    .where(isNull(schema.flags.archivedAt))
  if (live.length > 0) {
    await ctx.db.insert(schema.flagConfigs).values(
      live.map((flag) => ({
        flagId: flag.id,
        environmentId: row.id,
        version: 1,
        config: JSON.stringify(defaultConfig(variationCountOf(flag.variations))),
      })),
    )
  }
  const env = toEnvironment(row)
  await audit(ctx, actor, {
    action: 'environment.create',
    targetKind: 'environment',
    targetKey: row.key,
    environment: row.key,
    before: null,
    after: auditedEnvironment(env),
  })
  await announceHeldChange(ctx)
  return env
}

export async function updateEnvironment(
  ctx: PgCtx,
  key: string,
  patch: EnvironmentPatch,
  actor: Actor,
): Promise<Environment> {
  const e = schema.environments
  await lockEnvironments(ctx, [(await envRow(ctx, key)).id])
  const [row] = await ctx.db.select().from(e).where(eq(e.key, key))
  if (row === undefined) throw notFound(`environment ${key}`)
  const before = toEnvironment(row)
  const [updated] = await ctx.db
    .update(e)
    .set({
      name: patch.name ?? row.name,
      critical: patch.critical ?? row.critical,
      requireApproval: patch.requireApproval ?? row.requireApproval,
    })
    .where(eq(e.id, row.id))
    .returning()
  if (updated === undefined) throw notFound(`environment ${key}`)
  const after = toEnvironment(updated)
  await audit(ctx, actor, {
    action: 'environment.update',
    targetKind: 'environment',
    targetKey: key,
    environment: key,
    before: auditedEnvironment(before),
    after: auditedEnvironment(after),
  })
  await announceHeldChange(ctx)
  return after
}

/** The lock a key write takes: its environment's, or the catalog's for an admin token. */
async function lockKeys(ctx: PgCtx, envId: number | null): Promise<void> {
  if (envId === null) await lockCatalog(ctx)
  else await lockEnvironments(ctx, [envId])
}

export async function createKey(ctx: PgCtx, input: NewKey, actor: Actor): Promise<KeyInfo> {
  const envId = input.environment === null ? null : (await envRow(ctx, input.environment)).id
  await lockKeys(ctx, envId)
  const [row] = await ctx.db
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
  if (row === undefined) throw new Error('the key insert returned no row')
  const info = toKeyInfo(row, input.environment)
  await audit(ctx, actor, {
    action: 'key.create',
    targetKind: 'key',
    targetKey: String(row.id),
    environment: input.environment,
    before: null,
    after: info,
  })
  await announceHeldChange(ctx)
  return info
}

export async function createToken(ctx: PgCtx, input: NewToken, actor: Actor): Promise<TokenInfo> {
  await lockKeys(ctx, null)
  const [row] = await ctx.db
    .insert(schema.apiKeys)
    .values(tokenValues(input, ctx.now()))
    .returning()
  if (row === undefined) throw new Error('the token insert returned no row')
  const info = toTokenInfo(row)
  await audit(ctx, actor, {
    action: 'token.create',
    targetKind: 'token',
    targetKey: String(row.id),
    environment: null,
    before: null,
    after: info,
  })
  await announceHeldChange(ctx)
  return info
}

/** Tokens that may do everything and still work: one must remain, or no one could sign in. */
async function countAdminTokens(ctx: PgCtx): Promise<number> {
  const k = schema.apiKeys
  const [row] = await ctx.db
    .select({ n: count() })
    .from(k)
    .where(
      and(
        eq(k.kind, 'admin'),
        isNull(k.revokedAt),
        like(k.scopes, ADMIN_SCOPE_PATTERN),
        or(isNull(k.expiresAt), gt(k.expiresAt, ctx.now())),
      ),
    )
  return row?.n ?? 0
}

export async function revokeKey(ctx: PgCtx, id: number, actor: Actor): Promise<KeyInfo> {
  const [found] = await ctx.db
    .select({ environmentId: schema.apiKeys.environmentId })
    .from(schema.apiKeys)
    .where(eq(schema.apiKeys.id, id))
  if (found === undefined) throw notFound(`key ${id}`)
  await lockKeys(ctx, found.environmentId)
  // Read again under the lock: another process may have revoked it meanwhile.
  const [row] = await ctx.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id))
  if (row === undefined || row.revokedAt !== null) throw notFound(`key ${id}`)
  const token = row.kind === 'admin'
  if (token && row.scopes?.includes('"admin"') && (await countAdminTokens(ctx)) <= 1) {
    throw lastAdminToken()
  }
  const env =
    row.environmentId === null
      ? null
      : ((
          await ctx.db
            .select({ key: schema.environments.key })
            .from(schema.environments)
            .where(eq(schema.environments.id, row.environmentId))
        )[0]?.key ?? null)
  const at = ctx.now()
  await ctx.db.update(schema.apiKeys).set({ revokedAt: at }).where(eq(schema.apiKeys.id, id))
  await audit(ctx, actor, {
    action: token ? 'token.revoke' : 'key.revoke',
    targetKind: token ? 'token' : 'key',
    targetKey: String(id),
    environment: env,
    before: token ? toTokenInfo(row) : toKeyInfo(row, env),
    after: token
      ? toTokenInfo({ ...row, revokedAt: at })
      : toKeyInfo({ ...row, revokedAt: at }, env),
  })
  await announceHeldChange(ctx)
  return toKeyInfo({ ...row, revokedAt: at }, env)
}
