/**
 * People and their changes as the admin API answers them: members, the signed-in session,
 * the sign-in methods and change requests. The server, the admin UI and the CLI share them.
 */

/** A member's role in one environment. */
export type EnvironmentRole = 'viewer' | 'editor'

export interface MemberInfo {
  id: number
  email: string
  name: string
  /** Members, tokens, environments and keys. */
  admin: boolean
  /** The role in each environment named; none elsewhere (every member may still read and kill). */
  roles: Record<string, EnvironmentRole>
  /** Whether the member may sign in with a password (else only with single sign-on). */
  hasPassword: boolean
  /** Whether roles come from the identity provider's groups at each sign-in. */
  managedBySso: boolean
  createdAt: number
  lastSignInAt: number | null
}

/** What `POST /api/v1/members` takes. */
export interface NewMemberInput {
  email: string
  name?: string
  /** At least 12 characters; without one the member signs in with single sign-on only. */
  password?: string
  admin?: boolean
  roles?: Record<string, EnvironmentRole>
}

/** What `PATCH /api/v1/members/{id}` takes. */
export type MemberPatch = Partial<Pick<NewMemberInput, 'name' | 'password' | 'admin' | 'roles'>>

/** Who a session belongs to: a member, or a token a person signed in with (the first admin's). */
export interface SessionActor {
  kind: 'member' | 'token'
  id: number
  name: string
  email: string | null
  admin: boolean
  roles: Record<string, EnvironmentRole>
  /** A token's scopes; null for members. */
  scopes: string[] | null
}

/** `GET|POST /api/v1/session`: who is signed in, and the token every unsafe request repeats. */
export interface SessionInfo {
  me: SessionActor
  /** Sent back as `X-CSRF-Token` on every request that is not GET, HEAD or OPTIONS. */
  csrfToken: string
  expiresAt: number
}

/** `GET /api/v1/auth/methods`, before sign-in: what the sign-in page offers. */
export interface SignInMethods {
  password: boolean
  /** Single sign-on, with the name of the identity provider to show; null when not set up. */
  sso: { name: string } | null
}

export type ChangeRequestStatus = 'open' | 'applied' | 'rejected' | 'withdrawn' | 'failed'

/** Who asked for or decided a change. */
export interface ChangeActor {
  kind: string
  id: string
  name: string
}

/** An edit of a flag's config in an environment that needs a second pair of eyes. */
export interface ChangeRequestInfo {
  id: number
  environment: string
  flag: string
  status: ChangeRequestStatus
  /** The edit, as `PATCH /api/v1/flags/{key}/environments/{env}` took it (its comment too). */
  change: Record<string, unknown>
  /** The flag's version the edit was made against. */
  baseVersion: number
  author: ChangeActor
  reviewer: ChangeActor | null
  /** Why it was rejected, or why applying it failed. */
  reason: string | null
  createdAt: number
  decidedAt: number | null
}
