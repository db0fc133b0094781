/**
 * The database schema for PostgreSQL (drizzle-orm, pg-core): the same tables, columns and keys
 * as the SQLite schema beside it (`../schema.ts`), so that one store's rows copy into the other
 * (`npm run migrate:postgres`); a test holds the two alike. Times are milliseconds since the
 * epoch as in SQLite, counts are 64-bit, JSON columns hold the wire model as text.
 */
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { RELEASE_STATUSES } from '@andon/core'

/** Milliseconds since the epoch (past 2^31), read back as a JS number. */
const ms = (name: string) => bigint(name, { mode: 'number' })
/** A count that may pass 2^31 (exposures of a long window), still exact as a JS number. */
const count = (name: string) => bigint(name, { mode: 'number' })
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity()

export const environments = pgTable('environments', {
  id: id(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** The change sequence of the environment's payload; the stream's event id. */
  version: integer('version').notNull().default(0),
  critical: boolean('critical').notNull().default(false),
  requireApproval: boolean('require_approval').notNull().default(false),
  createdAt: ms('created_at').notNull(),
})

export const flags = pgTable('flags', {
  id: id(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  variations: text('variations').notNull(),
  clientSide: boolean('client_side').notNull().default(false),
  tags: text('tags').notNull().default('[]'),
  archivedAt: ms('archived_at'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
})

const environmentRef = () =>
  integer('environment_id')
    .notNull()
    .references(() => environments.id)

const flagRef = () =>
  integer('flag_id')
    .notNull()
    .references(() => flags.id)

export const flagConfigs = pgTable(
  'flag_configs',
  {
    flagId: flagRef(),
    environmentId: environmentRef(),
    version: integer('version').notNull(),
    config: text('config').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.flagId] })],
)

export const segments = pgTable(
  'segments',
  {
    id: id(),
    environmentId: environmentRef(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull(),
    definition: text('definition').notNull(),
    deletedAt: ms('deleted_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('segments_env_key').on(t.environmentId, t.key)],
)

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    kind: text('kind', { enum: ['admin', 'server', 'client', 'hook'] }).notNull(),
    name: text('name').notNull(),
    environmentId: integer('environment_id').references(() => environments.id),
    digest: text('digest').notNull().unique(),
    hint: text('hint').notNull(),
    createdAt: ms('created_at').notNull(),
    revokedAt: ms('revoked_at'),
    scopes: text('scopes'),
    tokenType: text('token_type', { enum: ['personal', 'service'] }),
    owner: text('owner'),
    expiresAt: ms('expires_at'),
    lastUsedAt: ms('last_used_at'),
  },
  (t) => [index('api_keys_env').on(t.environmentId)],
)

export const changeLog = pgTable(
  'change_log',
  {
    environmentId: environmentRef(),
    version: integer('version').notNull(),
    events: text('events').notNull().default('[]'),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.version] })],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    at: ms('at').notNull(),
    actor: text('actor').notNull(),
    actorKind: text('actor_kind', { enum: ['token', 'member', 'system'] })
      .notNull()
      .default('system'),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetKey: text('target_key').notNull(),
    environmentKey: text('environment_key'),
    before: text('before'),
    after: text('after'),
    comment: text('comment'),
  },
  (t) => [
    index('audit_target').on(t.targetKind, t.targetKey, t.id),
    index('audit_env').on(t.environmentKey, t.id),
    index('audit_actor').on(t.actor, t.id),
    index('audit_at').on(t.at),
  ],
)

export const eventBatches = pgTable(
  'event_batches',
  {
    environmentId: environmentRef(),
    batchId: text('batch_id').notNull(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.environmentId, t.batchId] }),
    index('event_batches_received').on(t.receivedAt),
  ],
)

export const eventMinutes = pgTable(
  'event_minutes',
  {
    environmentId: environmentRef(),
    flagId: flagRef(),
    metric: text('metric').notNull(),
    variation: integer('variation').notNull(),
    minute: ms('minute').notNull(),
    count: count('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    sumSquares: doublePrecision('sum_squares').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.environmentId, t.flagId, t.metric, t.variation, t.minute] }),
    index('event_minutes_minute').on(t.minute),
  ],
)

export const guards = pgTable(
  'guards',
  {
    id: id(),
    environmentId: environmentRef(),
    flagId: flagRef(),
    position: integer('position').notNull(),
    metric: text('metric').notNull(),
    kind: text('kind', { enum: ['rate', 'mean'] }).notNull(),
    worseWhen: text('worse_when', { enum: ['higher', 'lower'] }).notNull(),
    threshold: doublePrecision('threshold').notNull(),
    minSamples: integer('min_samples').notNull(),
    control: integer('control').notNull(),
    action: text('action', { enum: ['disable', 'notify'] }).notNull(),
    alpha: doublePrecision('alpha').notNull(),
    since: ms('since').notNull(),
    trippedAt: ms('tripped_at'),
    notifiedAt: ms('notified_at'),
    stratum: integer('stratum').notNull().default(0),
  },
  (t) => [index('guards_env_flag').on(t.environmentId, t.flagId, t.position)],
)

const guardRef = () =>
  integer('guard_id')
    .notNull()
    .references(() => guards.id, { onDelete: 'cascade' })

export const guardMinutes = pgTable(
  'guard_minutes',
  {
    guardId: guardRef(),
    minute: ms('minute').notNull(),
    variation: integer('variation').notNull(),
    exposures: count('exposures').notNull(),
    count: count('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    sumSquares: doublePrecision('sum_squares').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guardId, t.minute, t.variation] })],
)

export const guardTotals = pgTable(
  'guard_totals',
  {
    guardId: guardRef(),
    stratum: integer('stratum').notNull().default(0),
    variation: integer('variation').notNull(),
    exposures: count('exposures').notNull(),
    count: count('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    sumSquares: doublePrecision('sum_squares').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guardId, t.stratum, t.variation] })],
)

export const guardSources = pgTable(
  'guard_sources',
  {
    guardId: guardRef(),
    source: text('source').notNull(),
    stratum: integer('stratum').notNull().default(0),
    variation: integer('variation').notNull(),
    exposures: count('exposures').notNull(),
    count: count('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    sumSquares: doublePrecision('sum_squares').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guardId, t.source, t.stratum, t.variation] }),
    index('guard_sources_exposures').on(t.guardId, t.exposures),
    index('guard_sources_count').on(t.guardId, t.count),
    index('guard_sources_sum_squares').on(t.guardId, t.sumSquares),
  ],
)

export const releasePlans = pgTable(
  'release_plans',
  {
    id: id(),
    environmentId: environmentRef(),
    flagId: flagRef(),
    settings: text('settings').notNull(),
    control: integer('control').notNull(),
    status: text('status', { enum: RELEASE_STATUSES }).notNull(),
    step: integer('step').notNull(),
    stepStartedAt: ms('step_started_at').notNull(),
    approvedStep: integer('approved_step'),
    warned: text('warned').notNull().default('[]'),
    reason: text('reason'),
    startedBy: text('started_by').notNull(),
    startedAt: ms('started_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('release_plans_env_flag').on(t.environmentId, t.flagId, t.id)],
)

export const releaseStepExposures = pgTable(
  'release_step_exposures',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => releasePlans.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    variation: integer('variation').notNull(),
    exposures: count('exposures').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.step, t.variation] })],
)

/**
 * Roll-ups of `event_minutes` per hour and per day, kept longer than the minutes (server
 * README, "Retention"): each ended chunk of an environment's minutes is added here once, under
 * the environment's lock, by the batch that finds it ended (store/postgres/insights-rollup.ts).
 */
const rollupColumns = () => ({
  environmentId: environmentRef(),
  flagId: flagRef(),
  metric: text('metric').notNull(),
  variation: integer('variation').notNull(),
  /** Start of the hour or day (UTC), ms since the epoch. */
  at: ms('at').notNull(),
  count: count('count').notNull(),
  sum: doublePrecision('sum').notNull(),
  sumSquares: doublePrecision('sum_squares').notNull(),
})

export const eventHours = pgTable('event_hours', rollupColumns(), (t) => [
  primaryKey({ columns: [t.environmentId, t.flagId, t.metric, t.variation, t.at] }),
  index('event_hours_at').on(t.at),
])

export const eventDays = pgTable('event_days', rollupColumns(), (t) => [
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

/**
 * How far `event_minutes` is rolled up: every minute before `until` is in the roll-ups. SQLite
 * keeps one row for all (id 1); PostgreSQL one per environment (id = the environment's id),
 * each moved under its environment's lock, so that processes never roll a minute up twice.
 */
export const eventRollup = pgTable('event_rollup', {
  id: integer('id').primaryKey(),
  until: ms('until').notNull(),
})

/** The last code-reference upload of each repository: a new one replaces its references. */
export const codeRefUploads = pgTable('code_ref_uploads', {
  id: id(),
  repository: text('repository').notNull().unique(),
  commit: text('commit').notNull(),
  uploadedAt: ms('uploaded_at').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
})

/** Where a flag key is used in a repository's code, as of its last upload. */
export const codeRefs = pgTable(
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

export const members = pgTable('members', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  admin: boolean('admin').notNull().default(false),
  roles: text('roles').notNull().default('{}'),
  managedBySso: boolean('managed_by_sso').notNull().default(false),
  createdAt: ms('created_at').notNull(),
  lastSignInAt: ms('last_sign_in_at'),
})

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    digest: text('digest').notNull().unique(),
    principalKind: text('principal_kind', { enum: ['member', 'token'] }).notNull(),
    principalId: integer('principal_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('sessions_principal').on(t.principalKind, t.principalId)],
)

export const changeRequests = pgTable(
  'change_requests',
  {
    id: id(),
    environmentKey: text('environment_key').notNull(),
    flagKey: text('flag_key').notNull(),
    status: text('status', {
      enum: ['open', 'applied', 'rejected', 'withdrawn', 'failed'],
    }).notNull(),
    change: text('change').notNull(),
    baseVersion: integer('base_version').notNull(),
    author: text('author').notNull(),
    reviewer: text('reviewer'),
    reason: text('reason'),
    createdAt: ms('created_at').notNull(),
    decidedAt: ms('decided_at'),
  },
  (t) => [index('change_requests_env').on(t.environmentKey, t.status, t.id)],
)
