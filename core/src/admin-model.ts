/**
 * What the admin API answers about environments, segments, flags, keys and the audit log: the
 * server's store returns these shapes and the admin UI reads them. Types only.
 */
import type { JsonValue, Segment } from './model.js'

/** An environment as `GET /api/v1/environments` lists it and `POST` answers it. */
export interface EnvironmentInfo {
  key: string
  name: string
  version: number
  /** Changes here want a confirmation and, optionally, a comment (production by default). */
  critical: boolean
  /** Edits of flag configs here wait for another editor's approval (change requests). */
  requireApproval: boolean
  createdAt: number
}

/** What `PATCH /api/v1/environments/{env}` takes. */
export type EnvironmentPatch = Partial<
  Pick<EnvironmentInfo, 'name' | 'critical' | 'requireApproval'>
>

/** A segment as the admin API answers it: its definition, its name and description. */
export interface SegmentInfo extends Required<Segment> {
  name: string
  description: string
  updatedAt: number
}

/** A flag's metadata, the same in every environment. */
export interface FlagMeta {
  key: string
  name: string
  description: string
  variations: JsonValue[]
  clientSide: boolean
  tags: string[]
  createdAt: number
  updatedAt: number
}

/** What `POST /api/v1/flags` creates, defaults applied. */
export type NewFlag = Omit<FlagMeta, 'createdAt' | 'updatedAt'>

export type KeyKind = 'admin' | 'server' | 'client' | 'hook'

/** A key as listed: never its secret, only a hint of it. */
export interface KeyInfo {
  id: number
  kind: KeyKind
  name: string
  environment: string | null
  hint: string
  createdAt: number
  revokedAt: number | null
}

/** `POST .../keys` answers the key with its secret as `key`, the only time it is shown. */
export type CreatedKey = KeyInfo & { key: string }

/**
 * What a token of the admin API may do: `read` everything, `write:<environment>` anything in
 * that environment, `kill` (switch a flag off anywhere), `admin` (all of it, and environments,
 * keys and tokens). Every scope also reads.
 */
export type TokenScope = 'read' | 'kill' | 'admin' | `write:${string}`

/** A personal token acts for one person (its `owner`); a service token for a machine. */
export type TokenType = 'personal' | 'service'

/** A token of the admin API as listed: never its secret, only a hint of it. */
export interface TokenInfo {
  id: number
  name: string
  type: TokenType
  scopes: TokenScope[]
  /** Who a personal token acts for, as `member:<id>`; null for service tokens and until then. */
  owner: string | null
  hint: string
  createdAt: number
  /** After this instant the token is refused with 401; null: it does not expire. */
  expiresAt: number | null
  /** When it last authenticated, to within about a minute; null: never. */
  lastUsedAt: number | null
  revokedAt: number | null
}

/** `POST /api/v1/tokens` answers the token with its secret as `token`, shown this once. */
export type CreatedToken = TokenInfo & { token: string }

/** Who made a change: a token (today), a member (people who sign in), or the server itself. */
export type ActorKind = 'token' | 'member' | 'system'

/** One entry of the audit log: who did what to which item, with the item before and after. */
export interface AuditEntry {
  id: number
  at: number
  /** The name of the token or person, or of the server's part (`guard`, `release-plan`). */
  actor: string
  /**
   * Whether `actor` is a token, a member or the server. The server always answers it (and
   * `actorId`); they are optional so that entries made by hand, as in tests, need not.
   */
  actorKind?: ActorKind
  /** The token's or member's id; null for the server's own parts. */
  actorId?: string | null
  action: string
  targetKind: string
  targetKey: string
  environment: string | null
  before: unknown
  after: unknown
  /** Why, in the words of whoever made the change; null when they gave none. */
  comment: string | null
}

/** One issue of a 422: the path into the request's body (or parameters) and what is wrong. */
export interface ApiIssue {
  path: (string | number)[]
  message: string
}

/** The body of every error answer of the admin API; a 422 lists its issues. */
export interface ErrorAnswer {
  error: string
  issues?: ApiIssue[]
}
