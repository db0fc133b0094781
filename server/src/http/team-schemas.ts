/**
 * zod schemas of the people part of the admin API: signing in, members and change requests,
 * bodies and answers both.
 */
import { z } from 'zod'
import { keySchema } from '@andon/core'
import type { ChangeRequestInfo, MemberInfo, SessionInfo, SignInMethods } from '@andon/core'
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js'

const epochMs = z.number().int().nonnegative().describe('milliseconds since the epoch')
const email = z.email().max(254)
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200)
const role = z.enum(['viewer', 'editor'])
const roles = z.record(keySchema, role).describe('the role in each environment named')
const name = z.string().trim().min(1).max(200)

export const signInBody = z.union([
  z.strictObject({ email, password: z.string().min(1).max(200) }),
  z.strictObject({ token: z.string().min(1).max(200) }),
])

export const memberIdParam = z.object({ id: z.coerce.number().int().positive() })

export const createMemberBody = z.strictObject({
  email,
  name: name.optional(),
  password: password.optional(),
  admin: z.boolean().optional(),
  roles: roles.optional(),
})

export const patchMemberBody = z
  .strictObject({ name, password, admin: z.boolean(), roles })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')

const changeRequestIdParam = z.coerce.number().int().positive()
export const changeRequestParam = z.object({ env: keySchema, id: changeRequestIdParam })
export const changeRequestQuery = z.object({
  status: z.enum(['open', 'applied', 'rejected', 'withdrawn', 'failed']).optional(),
})
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() })

export const memberAnswer = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    admin: z.boolean(),
    roles,
    hasPassword: z.boolean(),
    managedBySso: z.boolean().describe("roles follow the identity provider's groups"),
    createdAt: epochMs,
    lastSignInAt: epochMs.nullable(),
  })
  .meta({ id: 'Member' }) satisfies z.ZodType<MemberInfo>

export const sessionAnswer = z
  .object({
    me: z.object({
      kind: z.enum(['member', 'token']),
      id: z.number().int(),
      name: z.string(),
      email: z.string().nullable(),
      admin: z.boolean(),
      roles,
      scopes: z.array(z.string()).nullable(),
    }),
    csrfToken: z.string().describe('repeat as X-CSRF-Token on every request but GET and HEAD'),
    expiresAt: epochMs,
  })
  .meta({ id: 'Session' }) satisfies z.ZodType<SessionInfo>

export const signInMethodsAnswer = z
  .object({
    password: z.boolean(),
    sso: z.object({ name: z.string() }).nullable(),
  })
  .meta({ id: 'SignInMethods' }) satisfies z.ZodType<SignInMethods>

const changeActor = z.object({ kind: z.string(), id: z.string(), name: z.string() })

export const changeRequestAnswer = z
  .object({
    id: z.number().int(),
    environment: z.string(),
    flag: z.string(),
    status: z.enum(['open', 'applied', 'rejected', 'withdrawn', 'failed']),
    change: z.record(z.string(), z.unknown()),
    baseVersion: z.number().int(),
    author: changeActor,
    reviewer: changeActor.nullable(),
    reason: z.string().nullable(),
    createdAt: epochMs,
    decidedAt: epochMs.nullable(),
  })
  .meta({ id: 'ChangeRequest' }) satisfies z.ZodType<ChangeRequestInfo>

/** What a decision, or an edit that waits for one, answers. */
export const changeRequestEnvelope = z.object({ changeRequest: changeRequestAnswer })
