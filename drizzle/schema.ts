/**
 * The database schema (drizzle-orm, SQLite). drizzle-kit generates the SQL migrations beside
 * this file from it; JSON columns hold the wire model of `spec/flag-model.md` as text.
 */
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'
import { RELEASE_STATUSES } from '@andon/core'

export const environments = sqliteTable('environments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** The change sequence of the environment's payload; the stream's event id. */
  version: integer('version').notNull().default(0),
  /** Changes here ask the admin UI for a confirmation and a comment; `production` is. */
  critical: integer('critical', { mode: 'boolean' }).notNull().default(false),
  /** Edits of flag configs here become change requests that another editor approves. */
  requireApproval: integer('require_approval', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
})

export const flags = sqliteTable('flags', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** JSON array of the flag's variations, shared by every environment. */
  variations: text('variations').notNull(),
  clientSide: integer('client_side', { mode: 'boolean' }).notNull().default(false),
  /** JSON array of strings. */
  tags: text('tags').notNull().default('[]'),
  archivedAt: integer('archived_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** The environment a row belongs to. */
const environmentRef = () =>
  integer('environment_id')
    .notNull()
    .references(() => environments.id)

/** The flag a row belongs to. */
const flagRef = () =>
  integer('flag_id')
    .notNull()
    .references(() => flags.id)

export const flagConfigs = sqliteTable(
  'flag_configs',
  {
    flagId: flagRef(),
    environmentId: environmentRef(),
    version: integer('version').notNull(),
    /** JSON of the environment config: enabled, offVariation, salt, prerequisites, ... */
    config: text('config').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.flagId] })],
)

export const segments = sqliteTable(
  'segments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    environmentId: environmentRef(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull(),
    /** JSON of included, excluded and rules. */
    definition: text('definition').notNull(),
    /** Deleted segments keep their row so that a segment re-created later gets a higher version. */
    deletedAt: integer('deleted_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('segments_env_key').on(t.environmentId, t.key)],
)

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['admin', 'server', 'client', 'hook'] }).notNull(),
    name: text('name').notNull(),
    environmentId: integer('environment_id').references(() => environments.id),
    /** SHA-256 of the secret, hex; the secret itself is never stored. */
    digest: text('digest').notNull().unique(),
    /** The first characters of the secret, to tell keys apart in lists. */
    hint: text('hint').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** Tokens (kind `admin`) only: JSON array of their scopes (`read`, `write:<env>`, ...). */
    scopes: text('scopes'),
    /** Tokens only: `personal` (acts for its owner) or `service` (a machine's). */
    tokenType: text('token_type', { enum: ['personal', 'service'] }),
    /** Who a personal token acts for (`member:<id>`); null until members exist. */
    owner: text('owner'),
    /** After this a token is refused; null: never. */
    expiresAt: integer('expires_at'),
    /** When it last authenticated, written at most about once a minute. */
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('api_keys_env').on(t.environmentId)],
)

export const changeLog = sqliteTable(
  'change_log',
  {
    environmentId: environmentRef(),
    version: integer('version').notNull(),
    /** JSON array of the change's events, each with the views (server, client) it is for. */
    events: text('events').notNull().default('[]'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.version] })],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** The token's or person's name, or the server's part (`guard`). */
    actor: text('actor').notNull(),
    actorKind: text('actor_kind', { enum: ['token', 'member', 'system'] })
      .notNull()
      .default('system'),
    /** The token's or member's id; null for the server's own parts. */
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetKey: text('target_key').notNull(),
    environmentKey: text('environment_key'),
    before: text('before'),
    after: text('after'),
    /** Why, in the words of whoever made the change, when they gave any. */
    comment: text('comment'),
  },
  (t) => [
    index('audit_target').on(t.targetKind, t.targetKey, t.id),
    index('audit_env').on(t.environmentKey, t.id),
    index('audit_actor').on(t.actor, t.id),
    index('audit_at').on(t.at),
  ],
)

/** Event batches already counted, by the SDK's batch id: a retried batch counts once. */
export const eventBatches = sqliteTable(
  'event_batches',
  {
    environmentId: environmentRef(),
    batchId: text('batch_id').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.environmentId, t.batchId] }),
    index('event_batches_received').on(t.receivedAt),
  ],
)

/**
 * What SDKs reported, per environment, flag, metric, variation and minute (server time).
 * Exposures are the rows of metric '' (count = exposures); metric rows hold the count, sum and
 * sum of squares of the tracked events.
 */
export const eventMinutes = sqliteTable(
  'event_minutes',
  {
    environmentId: environmentRef(),
    flagId: flagRef(),
    metric: text('metric').notNull(),
    variation: integer('variation').notNull(),
    /** Start of the minute, ms since the epoch. */
    minute: integer('minute').notNull(),
    count: integer('count').notNull(),
    sum: real('sum').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.environmentId, t.flagId, t.metric, t.variation, t.minute] }),
    index('event_minutes_minute').on(t.minute),
  ],
)

/** A flag's guarded metrics in one environment, and the state of each guard's window. */
export const guards = sqliteTable(
  'guards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    environmentId: environmentRef(),
    flagId: flagRef(),
    /** The guard's place in the list the admin set. */
    position: integer('position').notNull(),
    metric: text('metric').notNull(),
    kind: text('kind', { enum: ['rate', 'mean'] }).notNull(),
    worseWhen: text('worse_when', { enum: ['higher', 'lower'] }).notNull(),
    threshold: real('threshold').notNull(),
    minSamples: integer('min_samples').notNull(),
    control: integer('control').notNull(),
    action: text('action', { enum: ['disable', 'notify'] }).notNull(),
    alpha: real('alpha').notNull(),
    /** Start of the observation window: figures from before it are not used. */
    since: integer('since').notNull(),
    trippedAt: integer('tripped_at'),
    /** When a `notify` guard told of a regression in this window (it tells once). */
    notifiedAt: integer('notified_at'),
    /**
     * The stratum its window counts into now: a new one whenever the flag's split of traffic
     * changes (a step of a ramp), so that arms are compared within each split.
     */
    stratum: integer('stratum').notNull().default(0),
  },
  (t) => [index('guards_env_flag').on(t.environmentId, t.flagId, t.position)],
)

/**
 * Each guard's figures within its window, per minute and variation, for the admin UI's chart.
 * A new window deletes the guard's rows.
 */
export const guardMinutes = sqliteTable(
  'guard_minutes',
  {
    guardId: integer('guard_id')
      .notNull()
      .references(() => guards.id, { onDelete: 'cascade' }),
    minute: integer('minute').notNull(),
    variation: integer('variation').notNull(),
    exposures: integer('exposures').notNull(),
    count: integer('count').notNull(),
    sum: real('sum').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guardId, t.minute, t.variation] })],
)

/**
 * Each guard's totals within its window, per variation: what the decision after every batch
 * reads, one row per variation however long the window has run.
 */
export const guardTotals = sqliteTable(
  'guard_totals',
  {
    guardId: integer('guard_id')
      .notNull()
      .references(() => guards.id, { onDelete: 'cascade' }),
    /** The split of traffic the figures were gathered under (`guards.stratum`). */
    stratum: integer('stratum').notNull().default(0),
    variation: integer('variation').notNull(),
    exposures: integer('exposures').notNull(),
    count: integer('count').notNull(),
    sum: real('sum').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guardId, t.stratum, t.variation] })],
)

/**
 * Each guard's window figures per source and variation, for the trust model: a source is a
 * client key's network address (or `''` for everything reported with server keys, which is
 * trusted). The decision leaves out the one client source that sways it most, so that no
 * single source can trip a guard or keep one from tripping. A new window deletes the rows.
 */
export const guardSources = sqliteTable(
  'guard_sources',
  {
    guardId: integer('guard_id')
      .notNull()
      .references(() => guards.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    stratum: integer('stratum').notNull().default(0),
    variation: integer('variation').notNull(),
    exposures: integer('exposures').notNull(),
    count: integer('count').notNull(),
    sum: real('sum').notNull(),
    sumSquares: real('sum_squares').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guardId, t.source, t.stratum, t.variation] }),
    index('guard_sources_exposures').on(t.guardId, t.exposures),
    index('guard_sources_count').on(t.guardId, t.count),
    index('guard_sources_sum_squares').on(t.guardId, t.sumSquares),
  ],
)

/**
 * Release plans: a flag's ramp in one environment, advanced by the server while its guards are
 * healthy (server/src/release). One plan of a flag is active at a time; ended ones stay, for
 * their history.
 */
export const releasePlans = sqliteTable(
  'release_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    environmentId: environmentRef(),
    flagId: flagRef(),
    /** JSON of the plan's settings: the variation, the steps and the triggers' actions. */
    settings: text('settings').notNull(),
    /** The variation everyone else gets, and all get after a rollback. */
    control: integer('control').notNull(),
    status: text('status', { enum: RELEASE_STATUSES }).notNull(),
    step: integer('step').notNull(),
    /** When the current step began: its hold counts from here, across restarts. */
    stepStartedAt: integer('step_started_at').notNull(),
    approvedStep: integer('approved_step'),
    /** JSON array of the triggers that warned in this step. */
    warned: text('warned').notNull().default('[]'),
    /** Why it waits, was paused or ended. */
    reason: text('reason'),
    startedBy: text('started_by').notNull(),
    startedAt: integer('started_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('release_plans_env_flag').on(t.environmentId, t.flagId, t.id)],
)

/** Exposures per variation within each step of a plan: the evidence of the step's split. */
export const releaseStepExposures = sqliteTable(
  'release_step_exposures',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => releasePlans.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    variation: integer('variation').notNull(),
    exposures: integer('exposures').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.step, t.variation] })],
)

/**
 * Roll-ups of `event_minutes` per hour and per day, kept longer than the minutes (server
 * README, "Retention"): a completed hour's minutes are added here once, when the first batch
 * of a later hour is counted (store/sqlite/insights-rollup.ts), so the hot path is unchanged.
 */
const rollupColumns = () => ({
  environmentId: environmentRef(),
  flagId: flagRef(),
  metric: text('metric').notNull(),
  variation: integer('variation').notNull(),
  /** Start of the hour or day (UTC), ms since the epoch. */
  at: integer('at').notNull(),
  count: integer('count').notNull(),
  sum: real('sum').notNull(),
  sumSquares: real('sum_squares').notNull(),
})

export const eventHours = sqliteTable('event_hours', rollupColumns(), (t) => [
  primaryKey({ columns: [t.environmentId, t.flagId, t.metric, t.variation, t.at] }),
  index('event_hours_at').on(t.at),
])

export const eventDays = sqliteTable('event_days', rollupColumns(), (t) => [
  primaryKey({ columns: [t.environmentId, t.flagId, t.metric, t.variation, t.at] }),
  index('event_days_at').on(t.at),
  // Covering: the flag list reads a month of every flag's days from the index alone.
  index('event_days_env_metric_at').on(
    t.environmentId,
    t.metric,
    t.at,
    t.flagId,
    t.variation,
    t.count,
  ),
])

/** How far `event_minutes` is rolled up: every minute before `until` is in the roll-ups. */
export const eventRollup = sqliteTable('event_rollup', {
  id: integer('id').primaryKey(),
  until: integer('until').notNull(),
})

/** The last code-reference upload of each repository: a new one replaces its references. */
export const codeRefUploads = sqliteTable('code_ref_uploads', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  repository: text('repository').notNull().unique(),
  commit: text('commit').notNull(),
  uploadedAt: integer('uploaded_at').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
})

/** Where a flag key is used in a repository's code, as of its last upload. */
export const codeRefs = sqliteTable(
  'code_refs',
  {
    uploadId: integer('upload_id')
      .notNull()
      .references(() => codeRefUploads.id, { onDelete: 'cascade' }),
    /** The key as the code names it: it may name a flag that does not exist (yet, or any more). */
    flagKey: text('flag_key').notNull(),
    file: text('file').notNull(),
    line: integer('line').notNull(),
    column: integer('column').notNull().default(1),
    text: text('text').notNull().default(''),
  },
  (t) => [index('code_refs_flag').on(t.flagKey), index('code_refs_upload').on(t.uploadId)],
)

/** People who sign in to the admin UI. */
export const members = sqliteTable('members', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Lower case; members are known by it, single sign-on included. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** scrypt, with its parameters and salt (auth/passwords.ts); null: single sign-on only. */
  passwordHash: text('password_hash'),
  admin: integer('admin', { mode: 'boolean' }).notNull().default(false),
  /** JSON object: environment key to `viewer` or `editor`. */
  roles: text('roles').notNull().default('{}'),
  /** Whether each single sign-on replaces `admin` and `roles` with the provider's groups. */
  managedBySso: integer('managed_by_sso', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  lastSignInAt: integer('last_sign_in_at'),
})

/** Signed-in admin UI sessions: the cookie's secret is kept as its SHA-256 only. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    digest: text('digest').notNull().unique(),
    /** Who: a member, or the token a person signed in with. */
    principalKind: text('principal_kind', { enum: ['member', 'token'] }).notNull(),
    principalId: integer('principal_id').notNull(),
    /** Repeated by the page in `X-CSRF-Token` on every request that changes something. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_principal').on(t.principalKind, t.principalId)],
)

/** Edits waiting for a second pair of eyes, and what became of them. */
export const changeRequests = sqliteTable(
  'change_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    environmentKey: text('environment_key').notNull(),
    flagKey: text('flag_key').notNull(),
    status: text('status', {
      enum: ['open', 'applied', 'rejected', 'withdrawn', 'failed'],
    }).notNull(),
    /** JSON: the edit as the flag config route took it. */
    change: text('change').notNull(),
    baseVersion: integer('base_version').notNull(),
    /** JSON actors ({kind, id, name}). */
    author: text('author').notNull(),
    reviewer: text('reviewer'),
    reason: text('reason'),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
  },
  (t) => [index('change_requests_env').on(t.environmentKey, t.status, t.id)],
)
