/**
 * The database schema (drizzle-orm, SQLite). drizzle-kit generates the SQL migrations beside
 * this file from it; JSON columns hold the wire model of `spec/flag-model.md` as text.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const environments = sqliteTable('environments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** The change sequence of the environment's payload; the stream's event id. */
  version: integer('version').notNull().default(0),
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

export const flagConfigs = sqliteTable(
  'flag_configs',
  {
    flagId: integer('flag_id')
      .notNull()
      .references(() => flags.id),
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id),
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
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id),
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
  },
  (t) => [index('api_keys_env').on(t.environmentId)],
)

export const changeLog = sqliteTable(
  'change_log',
  {
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id),
    version: integer('version').notNull(),
    /** The SSE frames that server-key connections get for this change. */
    serverFrames: text('server_frames').notNull(),
    /** The SSE frames that client-key connections get ('' when the change is not theirs). */
    clientFrames: text('client_frames').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.version] })],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetKey: text('target_key').notNull(),
    environmentKey: text('environment_key'),
    before: text('before'),
    after: text('after'),
  },
  (t) => [
    index('audit_target').on(t.targetKind, t.targetKey, t.id),
    index('audit_env').on(t.environmentKey, t.id),
  ],
)
