/**
 * zod schemas of the admin API's bodies, parameters and queries. The flag model's own parts
 * come from @andon/core, so the server accepts exactly what the evaluators understand.
 */
import { z } from 'zod'
import { flagConfigSchema, flagSchema, keySchema, segmentSchema } from '@andon/core'

const name = z.string().trim().min(1).max(200)
const description = z.string().max(4000)
const tags = z.array(z.string().trim().min(1).max(64)).max(50)

export const envParam = z.object({ env: keySchema })
export const flagParam = z.object({ key: keySchema })
export const flagEnvParam = z.object({ key: keySchema, env: keySchema })
export const segmentParam = z.object({ env: keySchema, key: keySchema })
export const keyIdParam = z.object({ id: z.coerce.number().int().positive() })

/** `If-Match: <version>`, quoted or not, as an ETag or a bare number. */
export const ifMatchHeader = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'must be a version number')
    .transform((v) => Number(v.replace(/\D/g, '')))
    .optional()
    .describe('the version the change is based on: 412 when it is no longer the current one'),
})

/** Whether changes in an environment want a confirmation (by default: key `production`). */
const critical = z.boolean()

export const createEnvironmentBody = z.strictObject({
  key: keySchema,
  name: name.optional(),
  critical: critical.optional(),
})

/** A token's scope: `read`, `kill`, `admin`, or `write:<environment key>`. */
const scope = z.union([z.enum(['read', 'kill', 'admin']), z.templateLiteral(['write:', keySchema])])

export const createTokenBody = z.strictObject({
  name,
  type: z
    .enum(['personal', 'service'])
    .default('service')
    .describe('`personal` acts for one person; `service` for a machine (a pipeline, the CLI)'),
  scopes: z
    .array(scope)
    .min(1)
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'each scope once'),
  expiresAt: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('ms since the epoch, in the future; none: it does not expire'),
})

export const tokenIdParam = z.object({ id: z.coerce.number().int().positive() })

export const createKeyBody = z.strictObject({
  kind: z.enum(['server', 'client', 'hook']),
  name,
})

export const createFlagBody = z.strictObject({
  key: keySchema,
  name: name.optional(),
  description: description.default(''),
  variations: flagSchema.shape.variations.default([false, true]),
  clientSide: z.boolean().default(false),
  tags: tags.default([]),
})

const nonEmpty = (v: object) => Object.keys(v).length > 0
const nothingToChange = { message: 'nothing to change' }

export const patchFlagBody = z
  .strictObject({
    name,
    description,
    variations: flagSchema.shape.variations,
    clientSide: z.boolean(),
    tags,
  })
  .partial()
  .refine(nonEmpty, nothingToChange)

export const patchEnvironmentBody = z
  .strictObject({ name, critical, requireApproval: z.boolean() })
  .partial()
  .refine(nonEmpty, nothingToChange)

/** Why a change is made, for the audit log; not part of what it changes. */
const comment = z.string().trim().min(1).max(500)

export const patchFlagConfigBody = z
  .strictObject({ ...flagConfigSchema.shape, comment })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'comment'), nothingToChange)

const segmentFields = {
  name,
  description,
  included: segmentSchema.shape.included.unwrap(),
  excluded: segmentSchema.shape.excluded.unwrap(),
  rules: segmentSchema.shape.rules.unwrap(),
}

export const createSegmentBody = z.strictObject({
  key: keySchema,
  name: name.optional(),
  description: description.default(''),
  included: segmentFields.included.optional(),
  excluded: segmentFields.excluded.optional(),
  rules: segmentFields.rules.optional(),
})

export const patchSegmentBody = z
  .strictObject(segmentFields)
  .partial()
  .refine(nonEmpty, nothingToChange)

const scalar = z.union([z.string(), z.number(), z.boolean()])

export const evaluateBody = z.strictObject({
  flag: keySchema,
  context: z.record(z.string(), z.union([scalar, z.null(), z.array(scalar)])),
  default: flagSchema.shape.variations.element.optional(),
})

/** An optional query parameter, where `?flag=` (empty) means the same as leaving it out. */
const optionalKey = z.preprocess((v) => (v === '' ? undefined : v), keySchema.optional())

/** An instant as ms since the epoch or an ISO 8601 date-time, and `''` as none. */
const instant = z.preprocess(
  (v) => (v === '' ? undefined : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z
    .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform(Date.parse)])
    .optional(),
)

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional())

/** The audit log's filters, shared by the list and the export. */
export const auditFilters = z.object({
  flag: optionalKey,
  environment: optionalKey,
  actor: optionalText.describe("the actor's name: a token's, a person's, or `guard`"),
  actorKind: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['token', 'member', 'system']).optional(),
  ),
  actorId: optionalText.describe("the token's or member's id"),
  since: instant.describe('entries at or after this instant (ms since the epoch, or ISO 8601)'),
  until: instant.describe('entries before this instant (ms since the epoch, or ISO 8601)'),
})

export const auditQuery = auditFilters.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
})
