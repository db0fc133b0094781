/**
 * The part of the store that keeps people: members, their sign-in sessions, and the change
 * requests that wait for a second pair of eyes. Both stores implement it (sqlite/team.ts,
 * postgres/team.ts) with the same rules (common/team-rows.ts).
 */
import type {
  ChangeActor,
  ChangeRequestInfo,
  ChangeRequestStatus,
  EnvironmentRole,
  MemberInfo,
  TokenInfo,
} from '@andon/core'
import type { Actor } from './store.js'

export type { ChangeRequestInfo, MemberInfo } from '@andon/core'

/** A member as sign-in needs it: with the password's hash. */
export interface MemberRecord extends MemberInfo {
  passwordHash: string | null
}

export interface NewMember {
  email: string
  name: string
  passwordHash: string | null
  admin: boolean
  roles: Record<string, EnvironmentRole>
  managedBySso: boolean
}

export type MemberChanges = Partial<NewMember>

export type SessionPrincipalKind = 'member' | 'token'

export interface NewSession {
  digest: string
  principalKind: SessionPrincipalKind
  principalId: number
  csrfToken: string
  expiresAt: number
}

export interface SessionRecord extends NewSession {
  id: number
  createdAt: number
}

export interface NewChangeRequest {
  environment: string
  flag: string
  change: Record<string, unknown>
  baseVersion: number
  author: ChangeActor
}

/**
 * A decision on a request: it moves from `from` (`open` unless said) to `status`, once. An
 * approval claims the request (`applied`) before it applies the edit, and marks it `failed`
 * (from `applied`) when the edit is refused.
 */
export interface ChangeDecision {
  from?: ChangeRequestStatus
  status: Exclude<ChangeRequestStatus, 'open'>
  reviewer: ChangeActor | null
  reason: string | null
}

export interface TeamStore {
  listMembers(): Promise<MemberInfo[]>
  getMember(id: number): Promise<MemberRecord | undefined>
  /** By email, in any case. */
  findMember(email: string): Promise<MemberRecord | undefined>
  /** Conflict when the email is taken. */
  createMember(input: NewMember, actor: Actor): Promise<MemberInfo>
  updateMember(id: number, changes: MemberChanges, actor: Actor): Promise<MemberInfo>
  /** Removes the member and ends their sessions. */
  removeMember(id: number, actor: Actor): Promise<void>
  recordSignIn(id: number, at: number): Promise<void>

  /** A token by id, revoked or not (sessions made with a token follow it). */
  getToken(id: number): Promise<TokenInfo | undefined>

  createSession(input: NewSession): Promise<void>
  /** The session with this digest, unless it ended or expired. */
  findSession(digest: string): Promise<SessionRecord | undefined>
  endSession(digest: string): Promise<void>
  /** Ends every session of a member or a token; the ids of those it ended. */
  endSessionsOf(kind: SessionPrincipalKind, id: number, actor: Actor): Promise<number[]>

  createChangeRequest(input: NewChangeRequest, actor: Actor): Promise<ChangeRequestInfo>
  listChangeRequests(
    environment: string,
    status?: ChangeRequestStatus,
  ): Promise<ChangeRequestInfo[]>
  getChangeRequest(environment: string, id: number): Promise<ChangeRequestInfo | undefined>
  /**
   * Moves a request to its decision, audited; undefined when it was no longer in `from`
   * (someone decided first), so that a request is applied once however many approve it.
   */
  decideChangeRequest(
    environment: string,
    id: number,
    decision: ChangeDecision,
    actor: Actor,
  ): Promise<ChangeRequestInfo | undefined>
}
