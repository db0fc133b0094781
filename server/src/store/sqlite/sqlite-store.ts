/**
 * The SQLite implementation of the store, on better-sqlite3 and drizzle. Writes run in
 * `BEGIN IMMEDIATE` transactions shared by the writes of one event-loop turn (group-commit.ts);
 * the changes they logged go to `onCommit` (the stream broker) only after the commit, so
 * nothing is streamed that a crash could take back.
 */
import type Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Change, Store } from '../store.js'
import { schema, type Ctx } from './context.js'
import {
  envRow,
  configRow,
  liveFlagRow,
  liveSegmentRow,
  toFlag,
  toMeta,
  toSegmentInfo,
} from './rows.js'
import * as flags from './flag-writes.js'
import * as segments from './segment-writes.js'
import * as envs from './environment-writes.js'
import * as reads from './reads.js'
import * as guards from './guard-writes.js'
import { recordEvents } from './event-writes.js'
import * as releases from './release-writes.js'
import type { ReleaseEvent } from '../../release/release-model.js'
import { createGroupCommit } from './group-commit.js'

export interface SqliteStoreOptions {
  sqlite: Database.Database
  /** Milliseconds since the epoch; tests hand in a fixed clock. */
  now?: () => number
  /** Receives every committed change, in commit order. */
  onCommit?: (changes: Change[]) => void
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = drizzle(options.sqlite, { schema })
  const ctx: Ctx = { db, now: options.now ?? Date.now }
  const onCommit = options.onCommit ?? (() => {})

  const write = createGroupCommit(options.sqlite, onCommit)

  const findKey = db
    .select({
      id: schema.apiKeys.id,
      kind: schema.apiKeys.kind,
      name: schema.apiKeys.name,
      environmentId: schema.apiKeys.environmentId,
      environment: schema.environments.key,
    })
    .from(schema.apiKeys)
    .leftJoin(schema.environments, eq(schema.environments.id, schema.apiKeys.environmentId))
    .where(
      and(eq(schema.apiKeys.digest, sql.placeholder('digest')), isNull(schema.apiKeys.revokedAt)),
    )
    .prepare()
  const envVersion = db
    .select({ version: schema.environments.version })
    .from(schema.environments)
    .where(eq(schema.environments.id, sql.placeholder('id')))
    .prepare()

  return {
    findKey: (digest) => findKey.get({ digest }),
    countAdminKeys: () =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.kind, 'admin'), isNull(schema.apiKeys.revokedAt)))
        .get()?.n ?? 0,

    listEnvironments: () => reads.listEnvironments(ctx),
    getEnvironment: (key) => reads.listEnvironments(ctx).find((e) => e.key === key),
    environmentVersion: (id) => envVersion.get({ id })?.version,
    createEnvironment: (input, actor) => write(() => envs.createEnvironment(ctx, input, actor)),
    updateEnvironment: (key, patch, actor) =>
      write(() => envs.updateEnvironment(ctx, key, patch, actor)),

    createKey: (input, actor) => write(() => envs.createKey(ctx, input, actor)),
    listKeys: (environment) => {
      const env = envRow(ctx, environment)
      return reads.listKeys(ctx, env.id, env.key)
    },
    listAdminKeys: () =>
      db
        .select()
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.kind, 'admin'), isNull(schema.apiKeys.revokedAt)))
        .orderBy(asc(schema.apiKeys.id))
        .all()
        .map((row) => envs.toKeyInfo(row, null)),
    revokeKey: (id, actor) => write(() => envs.revokeKey(ctx, id, actor)),

    listFlags: () =>
      db
        .select()
        .from(schema.flags)
        .where(isNull(schema.flags.archivedAt))
        .orderBy(asc(schema.flags.key))
        .all()
        .map(toMeta),
    getFlag: (key) => {
      const row = liveFlagRow(ctx, key)
      return row === undefined ? undefined : toMeta(row)
    },
    createFlag: (input, actor) => write((out) => flags.createFlag(ctx, input, actor, out)),
    updateFlag: (key, patch, actor) =>
      write((out) => flags.updateFlag(ctx, key, patch, actor, out)),
    archiveFlag: (key, actor) => write((out) => flags.archiveFlag(ctx, key, actor, out)),
    getFlagConfig: (key, environment) => {
      const env = envRow(ctx, environment)
      const row = liveFlagRow(ctx, key)
      if (row === undefined) return undefined
      const c = configRow(ctx, env.id, row.id)
      return toFlag(key, toMeta(row).variations, c.version, c.config)
    },
    updateFlagConfig: (key, environment, patch, opts) =>
      write((out) => flags.updateFlagConfig(ctx, key, environment, patch, opts, out)),

    listSegments: (environment) => {
      const env = envRow(ctx, environment)
      return db
        .select()
        .from(schema.segments)
        .where(and(eq(schema.segments.environmentId, env.id), isNull(schema.segments.deletedAt)))
        .orderBy(asc(schema.segments.key))
        .all()
        .map(toSegmentInfo)
    },
    getSegment: (environment, key) => {
      const row = liveSegmentRow(ctx, envRow(ctx, environment).id, key)
      return row === undefined ? undefined : toSegmentInfo(row)
    },
    createSegment: (environment, input, actor) =>
      write((out) => segments.createSegment(ctx, environment, input, actor, out)),
    updateSegment: (environment, key, patch, opts) =>
      write((out) => segments.updateSegment(ctx, environment, key, patch, opts, out)),
    deleteSegment: (environment, key, opts) =>
      write((out) => segments.deleteSegment(ctx, environment, key, opts, out)),

    payloads: (id) => reads.payloads(ctx, id),
    changesSince: (id, version) => reads.changesSince(ctx, id, version),
    recordEvents: (id, batch, options) =>
      write((out) => {
        const env = reads.listEnvironments(ctx).find((e) => e.id === id)
        if (env === undefined) throw new Error(`environment ${id} vanished`)
        return recordEvents(ctx, env, batch, options, out)
      }),
    getGuards: (flag, environment) => guards.flagGuards(ctx, flag, environment),
    setGuards: (flag, environment, list, actor) =>
      write((out) => guards.setGuards(ctx, flag, environment, list, actor, out)),
    disableForAlert: (flag, environment, actor, detail) =>
      write((out) => guards.disableForAlert(ctx, flag, environment, actor, detail, out)),
    startRelease: (flag, environment, settings, actor) =>
      write((out) => {
        const events: ReleaseEvent[] = []
        const release = releases.startRelease(ctx, flag, environment, settings, actor, out, events)
        return { release, events }
      }),
    getRelease: (flag, environment) => releases.getRelease(ctx, flag, environment),
    controlRelease: (flag, environment, control, actor) =>
      write((out) => {
        const events: ReleaseEvent[] = []
        const release = releases.controlRelease(ctx, flag, environment, control, actor, out, events)
        return { release, events }
      }),
    advanceReleases: () =>
      write((out) => {
        const events: ReleaseEvent[] = []
        releases.advanceDuePlans(ctx, out, events)
        return events
      }),
    listAudit: (query) => reads.listAudit(ctx, query),
    flagCounts: () => reads.flagCounts(ctx),
    close: () => options.sqlite.close(),
  }
}
