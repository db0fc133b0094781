/**
 * Members, sessions and change requests as rows and back, and what the audit log keeps of
 * them: the same conversions for both stores.
 */
import type { ChangeActor, ChangeRequestInfo, EnvironmentRole } from '@andon/core'
import type { ChangeDecision, MemberRecord, NewChangeRequest, NewMember } from '../team-store.js'
import type { AuditInput } from './audit-row.js'

export interface MemberRow {
  id: number
  email: string
  name: string
  passwordHash: string | null
  admin: boolean
  roles: string
  managedBySso: boolean
  createdAt: number
  lastSignInAt: number | null
}

export const normalEmail = (email: string) => email.trim().toLowerCase()

export const toMemberRecord = (row: MemberRow): MemberRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  admin: row.admin,
  roles: JSON.parse(row.roles) as Record<string, EnvironmentRole>,
  hasPassword: row.passwordHash !== null,
  managedBySso: row.managedBySso,
  createdAt: row.createdAt,
  lastSignInAt: row.lastSignInAt,
  passwordHash: row.passwordHash,
})

/** The member as answers show it: never the hash. */
export function withoutHash(record: MemberRecord) {
  const { passwordHash: _, ...info } = record
  return info
}

export const memberValues = (input: Partial<NewMember>) => ({
  ...(input.email === undefined ? {} : { email: normalEmail(input.email) }),
  ...(input.name === undefined ? {} : { name: input.name }),
  ...(input.passwordHash === undefined ? {} : { passwordHash: input.passwordHash }),
  ...(input.admin === undefined ? {} : { admin: input.admin }),
  ...(input.roles === undefined ? {} : { roles: JSON.stringify(input.roles) }),
  ...(input.managedBySso === undefined ? {} : { managedBySso: input.managedBySso }),
})

/** What the audit log keeps of a member: who and what they may do, never a password. */
export const auditedMember = (m: MemberRecord | ReturnType<typeof withoutHash>) => ({
  email: m.email,
  name: m.name,
  admin: m.admin,
  roles: m.roles,
  hasPassword: m.hasPassword,
  managedBySso: m.managedBySso,
})

export const memberAudit = (
  action: string,
  id: number,
  before: object | null,
  after: object | null,
): AuditInput => ({
  action,
  targetKind: 'member',
  targetKey: String(id),
  environment: null,
  before,
  after,
})

export interface ChangeRequestRow {
  id: number
  environmentKey: string
  flagKey: string
  status: ChangeRequestInfo['status']
  change: string
  baseVersion: number
  author: string
  reviewer: string | null
  reason: string | null
  createdAt: number
  decidedAt: number | null
}

export const toChangeRequest = (row: ChangeRequestRow): ChangeRequestInfo => ({
  id: row.id,
  environment: row.environmentKey,
  flag: row.flagKey,
  status: row.status,
  change: JSON.parse(row.change) as Record<string, unknown>,
  baseVersion: row.baseVersion,
  author: JSON.parse(row.author) as ChangeActor,
  reviewer: row.reviewer === null ? null : (JSON.parse(row.reviewer) as ChangeActor),
  reason: row.reason,
  createdAt: row.createdAt,
  decidedAt: row.decidedAt,
})

export const changeRequestValues = (input: NewChangeRequest, createdAt: number) => ({
  environmentKey: input.environment,
  flagKey: input.flag,
  status: 'open' as const,
  change: JSON.stringify(input.change),
  baseVersion: input.baseVersion,
  author: JSON.stringify(input.author),
  createdAt,
})

/** The columns a decision sets. */
export const decisionValues = (decision: ChangeDecision, decidedAt: number) => ({
  status: decision.status,
  reviewer: decision.reviewer === null ? null : JSON.stringify(decision.reviewer),
  reason: decision.reason,
  decidedAt,
})

export const changeRequestAudit = (
  action: string,
  request: ChangeRequestInfo,
  before: object | null,
): AuditInput => ({
  action,
  targetKind: 'flag',
  targetKey: request.flag,
  environment: request.environment,
  before,
  after: request,
  ...(request.reason === null ? {} : { comment: request.reason }),
})
