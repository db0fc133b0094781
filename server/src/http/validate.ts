/**
 * zod validation of bodies, parameters and queries with one answer for all of them:
 * 422 with the issues, each a path and a message.
 */
import { zValidator } from '@hono/zod-validator'
import type { MiddlewareHandler, ValidationTargets } from 'hono'
import { z, type ZodType } from 'zod'
import { MAX_JSON_DEPTH, nestedDeeperThan, tooDeepMessage } from '@andon/core'

/** What a person calls each part of a request, for the error line. */
const PART_NAMES: Partial<Record<keyof ValidationTargets, string>> = {
  json: 'body',
  param: 'route parameters',
  query: 'query',
}

/**
 * The deepest a JSON body may nest: its JSON values (at most `MAX_JSON_DEPTH`) sit a few levels
 * inside it. Checked before the route's schema, so no schema ever walks a deeper body.
 */
export const MAX_BODY_DEPTH = 2 * MAX_JSON_DEPTH

const shallowBody = z.unknown().superRefine((body, ctx) => {
  if (nestedDeeperThan(body, MAX_BODY_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: tooDeepMessage(MAX_BODY_DEPTH) })
  }
})

/** The answer to a part that its schema refused. */
function refusal(target: keyof ValidationTargets, issues: readonly z.core.$ZodIssue[]) {
  return {
    error: `invalid ${PART_NAMES[target] ?? target}`,
    issues: issues.map((i) => ({ path: i.path, message: i.message })),
  }
}

/**
 * Path parameters, checked synchronously: they are already decoded strings, so hono's
 * asynchronous validator (which also looks at the content type) only added cost, a tenth of a
 * small SDK request's.
 */
export function validateParams<T extends ZodType>(schema: T): MiddlewareHandler {
  return (c, next) => {
    const result = schema.safeParse(c.req.param())
    if (!result.success) return Promise.resolve(c.json(refusal('param', result.error.issues), 422))
    c.req.addValidatedData('param', result.data as Record<string, unknown>)
    return next()
  }
}

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const checked = target === 'json' ? (shallowBody.pipe(schema) as unknown as T) : schema
  return zValidator(target, checked, (result, c) => {
    if (!result.success) return c.json(refusal(target, result.error.issues), 422)
  })
}
