/**
 * zod schemas of what the API answers, for the OpenAPI document only (answers are built by
 * the store and never parsed here). Each one `satisfies` the type in @andon/core that the
 * server returns and the admin UI reads, so a change of the type that a schema misses fails to
 * build. Names given with `.meta({ id })` become the document's components.
 */
import { z } from 'zod'
import {
  flagSchema,
  jsonValueSchema,
  segmentSchema,
  type ApiIssue,
  type AuditEntry,
  type CreatedKey,
  type CreatedToken,
  type EnvironmentInfo,
  type ErrorAnswer,
  type EvaluationResult,
  type FlagGuards,
  type FlagMeta,
  type KeyInfo,
  type Payload,
  type SegmentInfo,
  type TokenInfo,
  type TokenScope,
} from '@andon/core'

const epochMs = z.number().int().describe('milliseconds since the epoch')
const count = z.number().int().nonnegative()

const issue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
}) satisfies z.ZodType<ApiIssue>

export const errorAnswer = z.object({ error: z.string(), issues: z.array(issue).optional() }).meta({
  id: 'Error',
  description: 'Every error answer. A 422 lists its issues, each a path and a message.',
}) satisfies z.ZodType<ErrorAnswer>

export const environmentAnswer = z
  .object({
    key: z.string(),
    name: z.string(),
    version: count.describe('bumped by every change of the payload'),
    critical: z.boolean().describe('changes here want a confirmation in the admin UI'),
    requireApproval: z
      .boolean()
      .describe('edits of flag configs here wait for another editor to approve them'),
    createdAt: epochMs,
  })
  .meta({ id: 'Environment' }) satisfies z.ZodType<EnvironmentInfo>

const keyInfo = {
  id: z.number().int().positive(),
  kind: z.enum(['admin', 'server', 'client', 'hook']),
  name: z.string(),
  environment: z.string().nullable(),
  hint: z.string().describe('the last characters of the secret'),
  createdAt: epochMs,
  revokedAt: epochMs.nullable(),
}

export const keyAnswer = z.object(keyInfo).meta({ id: 'Key' }) satisfies z.ZodType<KeyInfo>

export const createdKeyAnswer = z
  .object({ ...keyInfo, key: z.string().describe('the secret, shown this once') })
  .meta({ id: 'CreatedKey' }) satisfies z.ZodType<CreatedKey>

const tokenInfo = {
  id: z.number().int().positive(),
  name: z.string(),
  type: z.enum(['personal', 'service']),
  scopes: z.array(z.custom<TokenScope>((v) => typeof v === 'string').meta({ type: 'string' })),
  owner: z.string().nullable().describe('who a personal token acts for, as `member:<id>`'),
  hint: z.string().describe('the first characters of the secret'),
  createdAt: epochMs,
  expiresAt: epochMs.nullable().describe('refused after this; null: never'),
  lastUsedAt: epochMs.nullable().describe('to within about a minute; null: never used'),
  revokedAt: epochMs.nullable(),
}

export const tokenAnswer = z.object(tokenInfo).meta({ id: 'Token' }) satisfies z.ZodType<TokenInfo>

export const createdTokenAnswer = z
  .object({ ...tokenInfo, token: z.string().describe('the secret, shown this once') })
  .meta({ id: 'CreatedToken' }) satisfies z.ZodType<CreatedToken>

/** A 403 of the permission check: what is missing. */
export const refusalAnswer = z
  .object({
    error: z.string(),
    needs: z
      .object({
        role: z.enum(['viewer', 'editor', 'admin']),
        environment: z.string().optional(),
        environments: z.enum(['any', 'every']).optional(),
        scope: z.string().optional().describe('the token scope that would do'),
      })
      .optional()
      .describe('what is missing; absent when the key is of a kind that may not call this'),
  })
  .meta({ id: 'Refusal', description: 'The principal lacks a role (or a token a scope).' })

export const flagMetaAnswer = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    variations: z.array(jsonValueSchema),
    clientSide: z.boolean(),
    tags: z.array(z.string()),
    createdAt: epochMs,
    updatedAt: epochMs,
  })
  .meta({ id: 'FlagMeta' }) satisfies z.ZodType<FlagMeta>

/** A flag as one environment serves it: the evaluators' model (spec/flag-model.md). */
export const flagAnswer = flagSchema.meta({ id: 'Flag' })

export const segmentAnswer = segmentSchema
  .required()
  .extend({ name: z.string(), description: z.string(), updatedAt: epochMs })
  .meta({ id: 'Segment' }) satisfies z.ZodType<SegmentInfo>

export const payloadAnswer = z
  .object({
    schemaVersion: z.literal(1),
    environment: z.string(),
    version: count,
    flags: z.record(z.string(), flagAnswer),
    segments: z.record(z.string(), segmentSchema),
  })
  .meta({
    id: 'Payload',
    description: 'An environment as an SDK holds it (spec/flag-model.md, "Payload").',
  }) satisfies z.ZodType<Payload>

const reasonKind = z.enum([
  'OFF',
  'PREREQUISITE_FAILED',
  'TARGET_MATCH',
  'RULE_MATCH',
  'FALLTHROUGH',
  'ERROR',
])

export const evaluationAnswer = z
  .object({
    value: jsonValueSchema,
    variationIndex: count.nullable(),
    reason: z.object({
      kind: reasonKind,
      errorKind: z
        .enum(['FLAG_NOT_FOUND', 'MALFORMED_FLAG', 'TARGETING_KEY_MISSING', 'WRONG_TYPE'])
        .optional(),
      prerequisiteKey: z.string().optional(),
      ruleIndex: count.optional(),
      ruleId: z.string().optional(),
      inRollout: z.boolean().optional(),
      inExperiment: z.boolean().optional(),
    }),
  })
  .meta({ id: 'Evaluation' }) satisfies z.ZodType<EvaluationResult>

export const auditEntryAnswer = z
  .object({
    id: z.number().int().positive(),
    at: epochMs,
    actor: z.string().describe("the token's or person's name, or the server's part (`guard`)"),
    actorKind: z.enum(['token', 'member', 'system']),
    actorId: z.string().nullable().describe("the token's or member's id; null for `system`"),
    action: z.string(),
    targetKind: z.string(),
    targetKey: z.string(),
    environment: z.string().nullable(),
    before: z.unknown().describe('the item before the change; null when it was created'),
    after: z.unknown().describe('the item after the change; null when it was removed'),
    comment: z.string().nullable().describe('why, in the words of whoever made the change'),
  })
  .meta({ id: 'AuditEntry' }) satisfies z.ZodType<AuditEntry>

const guardSettings = {
  metric: z.string(),
  kind: z.enum(['rate', 'mean']),
  worseWhen: z.enum(['higher', 'lower']),
  threshold: z.number(),
  minSamples: count,
  control: count,
  action: z.enum(['disable', 'notify']),
  alpha: z.number(),
}

const figures = { exposures: count, count, sum: z.number() }

export const flagGuardsAnswer = z
  .object({
    flag: z.string(),
    environment: z.string(),
    guards: z.array(
      z.object({
        ...guardSettings,
        state: z.enum(['waiting', 'watching', 'tripped']),
        since: epochMs,
        trippedAt: epochMs.nullable(),
        sources: z.object({
          clientSources: count,
          serverKeys: z.boolean(),
          leftOut: z.object({ source: z.string(), exposures: count, count }).nullable(),
          alsoLeftOut: z.object({ source: z.string(), exposures: count, count }).optional(),
        }),
        variations: z.array(
          z.object({ variation: count, ...figures, sumSquares: z.number(), value: z.number() }),
        ),
        comparisons: z.array(
          z.object({
            variation: count,
            excess: z.number(),
            likelihoodRatio: z.number(),
            bound: z.number(),
            regression: z.boolean(),
          }),
        ),
        series: z.array(z.object({ at: epochMs, variation: count, ...figures })),
      }),
    ),
  })
  .meta({ id: 'FlagGuards' }) satisfies z.ZodType<FlagGuards>

export const eventsAnswer = z.object({
  accepted: z.literal(true),
  duplicate: z.boolean().describe('a batch of this id was counted before: nothing was counted'),
})

export const alertmanagerAnswer = z.object({
  environment: z.string(),
  alerts: z.array(
    z.object({
      flag: z.string().nullable(),
      outcome: z.enum(['disabled', 'already-off', 'unknown-flag', 'ignored']),
    }),
  ),
})

/** `/healthz`: whether the server can reach its database, and if not, why. */
export const healthAnswer = z.object({
  ok: z.boolean(),
  database: z.enum(['sqlite', 'postgres']),
  error: z.string().optional(),
})

/** The `ETag` of an answer that carries a version, for `If-Match` and `If-None-Match`. */
export const versionTag = {
  ETag: { description: 'the version, quoted: `"12"`', schema: z.string() },
}

export const listOf = <K extends string>(name: K, item: z.ZodType) =>
  z.object({ [name]: z.array(item) } as Record<K, z.ZodArray<z.ZodType>>)
