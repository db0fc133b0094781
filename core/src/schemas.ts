/**
 * zod schemas of the wire model. The strict ones (`flagSchema`, `segmentSchema` and their
 * parts) validate what the server accepts and stores, with messages a person can act on.
 * The lenient ones (`payloadSchema`, `streamPatchSchema`, `streamDeleteSchema`) check only
 * what an SDK needs to hold a payload: a flag that is odd in detail still reaches the
 * evaluator, which serves MALFORMED_FLAG for it alone instead of dropping the whole payload.
 */
import { z } from 'zod'
import { BUCKET_COUNT } from './bucket.js'
import { CLAUSE_OPS } from './clause.js'
import { MAX_REGEX_LENGTH, matchesIssues } from './regex/index.js'
import { MAX_JSON_DEPTH, nestedDeeperThan, tooDeepMessage } from './json-depth.js'
import type { Clause, Flag, JsonValue, Payload, Segment, Serve } from './model.js'
import { VARIATION_NAME_PATTERN, variationName } from './variation-name.js'

export { MAX_JSON_DEPTH, nestedDeeperThan, tooDeepMessage } from './json-depth.js'

/**
 * The longest regular expression a `matches` clause may hold, and the check of a clause's
 * patterns that `clauseSchema` makes (for a form to show the same messages before saving).
 */
export { MAX_REGEX_LENGTH, matchesIssues }

export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

export const keySchema = z
  .string()
  .regex(
    KEY_PATTERN,
    'must be 1 to 128 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit',
  )

const jsonTreeSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonTreeSchema),
    z.record(z.string(), jsonTreeSchema),
  ]),
)

/**
 * Any JSON value, as a variation may take, nested at most `MAX_JSON_DEPTH` levels. The depth is
 * measured before the recursive schema runs, since that one overflows the stack on deep values.
 */
export const jsonValueSchema: z.ZodType<JsonValue> = z.preprocess((value, ctx) => {
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: tooDeepMessage(MAX_JSON_DEPTH) })
  }
  return value
}, jsonTreeSchema)

export const clauseOpSchema = z.enum(CLAUSE_OPS)

const scalarSchema = z.union([z.string(), z.number(), z.boolean()])

const STRING_OPS = new Set([
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'semverEq',
  'semverLt',
  'semverGt',
  'segmentMatch',
])
const NUMBER_OPS = new Set(['lt', 'lte', 'gt', 'gte'])

export const clauseSchema = z
  .object({
    attribute: z.string().min(1).max(256),
    op: clauseOpSchema,
    values: z.array(scalarSchema).max(10000),
    negate: z.boolean().optional(),
  })
  .superRefine((clause, ctx) => {
    clause.values.forEach((value, i) => {
      const path = ['values', i]
      if (STRING_OPS.has(clause.op) && typeof value !== 'string') {
        ctx.addIssue({ code: 'custom', path, message: `${clause.op} takes strings` })
      } else if (NUMBER_OPS.has(clause.op) && typeof value !== 'number') {
        ctx.addIssue({ code: 'custom', path, message: `${clause.op} takes numbers` })
      }
    })
    // The evaluator's own compiler decides, so what is saved is what every SDK can run.
    if (clause.op === 'matches') {
      for (const issue of matchesIssues(clause.values)) ctx.addIssue({ code: 'custom', ...issue })
    }
  }) satisfies z.ZodType<Clause>

export const weightedVariationSchema = z.object({
  variation: z.number().int().nonnegative(),
  weight: z.number().int().min(0).max(BUCKET_COUNT),
})

export const rolloutSchema = z
  .object({
    bucketBy: z.string().min(1).max(256).optional(),
    kind: z.enum(['rollout', 'experiment']).optional(),
    variations: z.array(weightedVariationSchema).min(1).max(1000),
  })
  .superRefine((rollout, ctx) => {
    const total = rollout.variations.reduce((sum, v) => sum + v.weight, 0)
    if (total !== BUCKET_COUNT) {
      ctx.addIssue({
        code: 'custom',
        path: ['variations'],
        message: `weights add up to ${total}, not ${BUCKET_COUNT}`,
      })
    }
  })

export const serveSchema: z.ZodType<Serve> = z.union([
  z.strictObject({ variation: z.number().int().nonnegative() }),
  z.strictObject({ rollout: rolloutSchema }),
])

export const ruleSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  clauses: z.array(clauseSchema).max(100),
  serve: serveSchema,
})

export const targetSchema = z.object({
  variation: z.number().int().nonnegative(),
  values: z.array(z.string().min(1).max(1024)).max(100000),
})

export const prerequisiteSchema = z.object({
  key: keySchema,
  variation: z.number().int().nonnegative(),
})

/** The fields of a flag that a PATCH of its environment config may replace. */
export const flagConfigSchema = z.object({
  enabled: z.boolean(),
  offVariation: z.number().int().nonnegative().nullable(),
  salt: z.string().min(1).max(256).optional(),
  prerequisites: z.array(prerequisiteSchema).max(100).optional(),
  targets: z.array(targetSchema).max(1000).optional(),
  rules: z.array(ruleSchema).max(1000).optional(),
  fallthrough: serveSchema,
  metrics: z.array(keySchema).max(100).optional(),
})

export type FlagConfig = z.infer<typeof flagConfigSchema>

type Issue = { path: (string | number)[]; message: string }

function serveIndexes(serve: Serve): { index: number; path: (string | number)[] }[] {
  if ('variation' in serve) return [{ index: serve.variation, path: ['variation'] }]
  return serve.rollout.variations.map((v, i) => ({
    index: v.variation,
    path: ['rollout', 'variations', i, 'variation'],
  }))
}

/** Variation indexes that point outside `variations`, with their paths in the flag. */
export function variationIndexIssues(config: Partial<FlagConfig>, variationCount: number): Issue[] {
  const issues: Issue[] = []
  const check = (index: number | null | undefined, path: (string | number)[]) => {
    if (index !== null && index !== undefined && index >= variationCount) {
      issues.push({
        path,
        message: `variation ${index} does not exist (the flag has ${variationCount})`,
      })
    }
  }
  check(config.offVariation, ['offVariation'])
  config.targets?.forEach((t, i) => check(t.variation, ['targets', i, 'variation']))
  config.rules?.forEach((r, i) =>
    serveIndexes(r.serve).forEach((s) => check(s.index, ['rules', i, 'serve', ...s.path])),
  )
  if (config.fallthrough) {
    serveIndexes(config.fallthrough).forEach((s) => check(s.index, ['fallthrough', ...s.path]))
  }
  return issues
}

/**
 * A flag's variations: 1 to 1000 JSON values, any of them named (`{ "name", "value" }`, see
 * variation-name.ts) with a name of 1 to 64 of `A-Z a-z 0-9 _ . -`, not digits alone, used
 * by no other variation of the flag.
 */
export const variationsSchema = z
  .array(jsonValueSchema)
  .min(1)
  .max(1000)
  .superRefine((variations, ctx) => {
    const taken = new Set<string>()
    variations.forEach((variation, i) => {
      const name = variationName(variation)
      if (name === undefined) return
      const path = [i, 'name']
      if (!VARIATION_NAME_PATTERN.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: 'a name is 1 to 64 characters of A-Z a-z 0-9 _ . -, not digits alone',
        })
      } else if (taken.has(name)) {
        ctx.addIssue({ code: 'custom', path, message: `another variation is named ${name}` })
      }
      taken.add(name)
    })
  })

export const flagSchema = flagConfigSchema
  .extend({
    key: keySchema,
    version: z.number().int().nonnegative(),
    variations: variationsSchema,
  })
  .superRefine((flag, ctx) => {
    for (const issue of variationIndexIssues(flag, flag.variations.length)) {
      ctx.addIssue({ code: 'custom', ...issue })
    }
  }) satisfies z.ZodType<Flag>

export const segmentRuleSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  clauses: z.array(clauseSchema).max(100),
})

export const segmentSchema = z.object({
  key: keySchema,
  version: z.number().int().nonnegative(),
  included: z.array(z.string().min(1).max(1024)).max(100000).optional(),
  excluded: z.array(z.string().min(1).max(1024)).max(100000).optional(),
  rules: z.array(segmentRuleSchema).max(1000).optional(),
}) satisfies z.ZodType<Segment>

const itemHeader = { key: z.string(), version: z.number() }

/** An SDK's check of a payload from the server: the envelope, and flags and segments as objects. */
export const payloadSchema = z.object({
  schemaVersion: z.literal(1),
  environment: z.string(),
  version: z.number().int().nonnegative(),
  flags: z.record(z.string(), z.looseObject(itemHeader)),
  segments: z.record(z.string(), z.looseObject(itemHeader)),
}) as unknown as z.ZodType<Payload>

const itemKindSchema = z.enum(['flag', 'segment'])

/** The data of a stream `patch` event. */
export const streamPatchSchema = z.object({
  kind: itemKindSchema,
  key: z.string(),
  version: z.number(),
  value: z.looseObject(itemHeader),
})

/** The data of a stream `delete` event. */
export const streamDeleteSchema = z.object({
  kind: itemKindSchema,
  key: z.string(),
  version: z.number(),
})

export type StreamPatch = z.infer<typeof streamPatchSchema>
export type StreamDelete = z.infer<typeof streamDeleteSchema>
