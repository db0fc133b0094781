/**
 * zod validation of bodies, parameters and queries with one answer for all of them:
 * 422 with the issues, each a path and a message.
 */
import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'

/** What a person calls each part of a request, for the error line. */
const PART_NAMES: Partial<Record<keyof ValidationTargets, string>> = {
  json: 'body',
  param: 'route parameters',
  query: 'query',
}

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }))
      return c.json({ error: `invalid ${PART_NAMES[target] ?? target}`, issues }, 422)
    }
  })
}
