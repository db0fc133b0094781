/**
 * The store: everything the server keeps (environments, flags, segments, keys, the audit log
 * and the change log the stream replays), as an interface. Only its implementations touch a
 * database. Every method answers a promise, so that an implementation may be a database across
 * the network (PostgreSQL) as well as a file in the process (SQLite). Every write is atomic and
 * its promise settles only after it committed; writes that arrive together may share one commit
 * (one fsync), each still all-or-nothing by itself.
 */
import type {
  ActorKind,
  AuditEntry,
  EventBatch,
  Flag,
  FlagConfig,
  FlagMeta,
  KeyInfo,
  KeyKind,
  NewFlag,
  Payload,
  SegmentRule,
  TokenInfo,
  TokenScope,
  TokenType,
} from '@andon/core'

export type {
  ActorKind,
  AuditEntry,
  FlagMeta,
  KeyInfo,
  KeyKind,
  NewFlag,
  TokenInfo,
  TokenScope,
  TokenType,
} from '@andon/core'
import type { TeamStore } from './team-store.js'
import type { FlagGuards, GuardDecision, GuardInput } from '../guard/guard-model.js'
import type { ReleasePlanSettings } from '../release/plan-schema.js'
import type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '../release/release-model.js'
import type {
  CodeRefUpload,
  CodeRefUploadResult,
  EvaluationsAnswer,
  EvaluationsQuery,
  ExperimentFigures,
  FlagCodeRefs,
  StaleReport,
  Step,
} from '../insights/insights-model.js'

/**
 * Who makes a write: the audit log's actor. A token or member names itself and gives its kind
 * and id; the server's own parts (the guard, release plans) give only a name (kind `system`).
 */
export interface Actor {
  name: string
  kind?: ActorKind
  id?: string | null
}

export interface Environment {
  /** Internal; the API names environments by key. */
  id: number
  key: string
  name: string
  version: number
  /** Changes here want a confirmation and, optionally, a comment (the admin UI asks). */
  critical: boolean
  /** Edits of flag configs here become change requests that another editor approves. */
  requireApproval: boolean
  createdAt: number
}

export type EnvironmentSettings = Omit<Environment, 'version'>

/** What creating an environment takes; `critical` defaults to whether its key is `production`. */
export interface NewEnvironment {
  key: string
  name: string
  critical?: boolean
}

export type EnvironmentPatch = Partial<Pick<Environment, 'name' | 'critical' | 'requireApproval'>>

export type FlagMetaPatch = Partial<Omit<NewFlag, 'key'>>

export interface SegmentDefinition {
  included: string[]
  excluded: string[]
  rules: SegmentRule[]
}

export interface SegmentInfo extends SegmentDefinition {
  key: string
  name: string
  description: string
  version: number
  updatedAt: number
}

export interface NewSegment extends Partial<SegmentDefinition> {
  key: string
  name: string
  description: string
}

export type SegmentPatch = Partial<Omit<NewSegment, 'key'>>

export interface NewKey {
  kind: KeyKind
  name: string
  environment: string | null
  digest: string
  hint: string
}

/** A token of the admin API (an `api_keys` row of kind `admin`) as its creation gives it. */
export interface NewToken {
  name: string
  type: TokenType
  scopes: TokenScope[]
  owner: string | null
  expiresAt: number | null
  digest: string
  hint: string
}

/** A key found by its digest: what authentication needs. */
export interface AuthKey {
  id: number
  kind: KeyKind
  name: string
  environmentId: number | null
  environment: string | null
  /** Tokens (kind `admin`) only, else null: what they may do, and until when. */
  scopes: TokenScope[] | null
  expiresAt: number | null
  tokenType: TokenType | null
  owner: string | null
}

export interface AuditQuery {
  flag?: string
  environment?: string
  /** The actor's name. */
  actor?: string
  actorKind?: ActorKind
  actorId?: string
  /** Entries at or after this instant (ms). */
  since?: number
  /** Entries before this instant (ms). */
  until?: number
  limit: number
  /** Entries of lower ids (newest first: the next page). */
  before?: number
  /** Entries of higher ids, oldest first (an export's next page); `before` is then ignored. */
  after?: number
}

/** The kinds of event a change of the payload consists of (spec/flag-model.md, "Stream"). */
export type ChangeEventName = 'put' | 'patch' | 'delete'

/** One event of a change, and which connections get it (server keys, client keys or both). */
export interface ChangeEvent {
  event: ChangeEventName
  data: unknown
  server: boolean
  client: boolean
}

/** One committed change of an environment; the stream frames its events for each view. */
export interface Change {
  environmentId: number
  environment: string
  version: number
  events: ChangeEvent[]
}

/** What counting an SDK's event batch did. */
export interface EventsOutcome {
  /** The environment had already counted a batch of this id: nothing was counted again. */
  duplicate: boolean
  /** What the guards decided on the new figures (committed with them). */
  decisions: GuardDecision[]
  /** What release plans of the batch's flags did on the new figures (committed with them). */
  releases: ReleaseEvent[]
}

/** What an outside alert did to its flag. */
export type AlertOutcome = 'disabled' | 'already-off' | 'unknown-flag'

export interface StoreHealth {
  ok: boolean
  database: 'sqlite' | 'postgres'
  /** What is wrong, when something is. */
  error?: string
}

/** Options of a write that may be conditional on the item's version (`If-Match`). */
export interface WriteOptions {
  actor: Actor
  ifMatch?: number
  /** Why, in the writer's words: kept in the audit entry. */
  comment?: string
}

export interface Store extends TeamStore {
  findKey(digest: string): Promise<AuthKey | undefined>
  countAdminKeys(): Promise<number>

  listEnvironments(): Promise<Environment[]>
  getEnvironment(key: string): Promise<Environment | undefined>
  /**
   * An environment's settings, what a config edit checks first: without its version, so that a
   * store may hold them a moment (the PostgreSQL store holds them a second; resilient-store.ts).
   */
  getEnvironmentSettings(key: string): Promise<EnvironmentSettings | undefined>
  environmentVersion(environmentId: number): Promise<number | undefined>
  createEnvironment(input: NewEnvironment, actor: Actor): Promise<Environment>
  updateEnvironment(key: string, patch: EnvironmentPatch, actor: Actor): Promise<Environment>

  createKey(input: NewKey, actor: Actor): Promise<KeyInfo>
  listKeys(environment: string): Promise<KeyInfo[]>
  /** The admin tokens that are not revoked (they belong to no environment). */
  listAdminKeys(): Promise<KeyInfo[]>
  /** Revokes a key or a token; the last token with scope `admin` is refused (conflict). */
  revokeKey(id: number, actor: Actor): Promise<KeyInfo>

  createToken(input: NewToken, actor: Actor): Promise<TokenInfo>
  /** Every token, revoked and expired ones included, oldest first. */
  listTokens(): Promise<TokenInfo[]>
  /** Records that a token authenticated at `at` (callers write it about once a minute). */
  touchKey(id: number, at: number): Promise<void>

  listFlags(): Promise<FlagMeta[]>
  getFlag(key: string): Promise<FlagMeta | undefined>
  createFlag(input: NewFlag, actor: Actor): Promise<FlagMeta>
  updateFlag(key: string, patch: FlagMetaPatch, actor: Actor): Promise<FlagMeta>
  archiveFlag(key: string, actor: Actor): Promise<void>
  getFlagConfig(flag: string, environment: string): Promise<Flag | undefined>
  updateFlagConfig(
    flag: string,
    environment: string,
    patch: Partial<FlagConfig>,
    options: WriteOptions,
  ): Promise<Flag>

  listSegments(environment: string): Promise<SegmentInfo[]>
  getSegment(environment: string, key: string): Promise<SegmentInfo | undefined>
  createSegment(environment: string, input: NewSegment, actor: Actor): Promise<SegmentInfo>
  updateSegment(
    environment: string,
    key: string,
    patch: SegmentPatch,
    options: WriteOptions,
  ): Promise<SegmentInfo>
  deleteSegment(environment: string, key: string, options: WriteOptions): Promise<void>

  /** An environment's payload as server keys see it, and as client keys see it. */
  payloads(environmentId: number): Promise<{ server: Payload; client: Payload }>
  /** The changes after `version`, in order, or undefined when they are no longer all kept. */
  changesSince(environmentId: number, version: number): Promise<Change[] | undefined>

  /**
   * Counts an SDK's event batch once per id, then lets the guards of its flags decide, in the
   * same transaction: a regression may switch a flag off (actor `guard`). A client key reports
   * only on client-side flags, the only ones it can see, and its figures are kept per `source`
   * (the client's address) so that the guards can leave out any one source (server README,
   * "Trust model"); server keys' figures, trusted, have the source `''`.
   */
  recordEvents(
    environmentId: number,
    batch: EventBatch,
    options: { clientSideOnly: boolean; source: string },
  ): Promise<EventsOutcome>
  /** A flag's guards in an environment with their figures, or undefined without such a flag. */
  getGuards(flag: string, environment: string): Promise<FlagGuards | undefined>
  /** Replaces a flag's guards (new windows) and sets the flag's `metrics` to their metrics. */
  setGuards(
    flag: string,
    environment: string,
    guards: GuardInput[],
    actor: Actor,
  ): Promise<FlagGuards>
  /** Switches a flag off for an outside alert; `detail` (the alert) goes into the audit entry. */
  disableForAlert(
    flag: string,
    environment: string,
    actor: Actor,
    detail: unknown,
  ): Promise<AlertOutcome>

  /** Starts a release plan: its first step is served at once (actor `release-plan`). */
  startRelease(
    flag: string,
    environment: string,
    settings: ReleasePlanSettings,
    actor: Actor,
  ): Promise<{ release: ReleaseInfo; events: ReleaseEvent[] }>
  /** The flag's latest release plan in the environment, under way or ended. */
  getRelease(flag: string, environment: string): Promise<ReleaseInfo | undefined>
  /** Pause, resume, abort, approve the next step, or skip to a step. */
  controlRelease(
    flag: string,
    environment: string,
    control: ReleaseControl,
    actor: Actor,
  ): Promise<{ release: ReleaseInfo; events: ReleaseEvent[] }>
  /** Lets every plan under way make the move its time allows (the server's timer calls it). */
  advanceReleases(): Promise<ReleaseEvent[]>

  listAudit(query: AuditQuery): Promise<AuditEntry[]>
  /** Whether the database answers; `/healthz` says it. */
  health(): Promise<StoreHealth>
  flagCounts(): Promise<{ environment: string; flags: number }[]>
  close(): Promise<void>

  // Insights (server/src/insights): figures only; the routes compute the statistics.
  /** Exposures per flag and variation in buckets from `query.from`, and each flag's last one. */
  flagEvaluations(environment: string, query: EvaluationsQuery): Promise<EvaluationsAnswer>
  /** A flag's exposures and one metric's figures per variation, in total and per bucket. */
  experimentFigures(
    flag: string,
    environment: string,
    metric: string,
    step: Step,
    from: number,
  ): Promise<ExperimentFigures>
  /** Flags not evaluated, serving one variation, or without code references for `days` days. */
  staleFlags(days: number): Promise<StaleReport>
  /** The audit entries delivery metrics are computed from, since `since`, with flag creations. */
  deliveryEntries(environment: string, since: number): Promise<AuditEntry[]>
  /** Replaces a repository's code references with those found at one commit. */
  uploadCodeRefs(upload: CodeRefUpload, actor: Actor): Promise<CodeRefUploadResult>
  flagCodeRefs(flag: string): Promise<FlagCodeRefs>
}
