/**
 * The SQLite implementation of the store, on better-sqlite3 and drizzle. Writes run in
 * `BEGIN IMMEDIATE` transactions shared by the writes of one event-loop turn (group-commit.ts);
 * the changes they logged go to `onCommit` (the stream broker) only after the commit, so
 * nothing is streamed that a crash could take back.
 */
import type Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { and, asc, eq, isNull, like, sql } from 'drizzle-orm'
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
import { createKeyCache } from '../key-cache.js'
import { ADMIN_SCOPE_PATTERN, toAuthKey, toTokenInfo } from '../common/token-rows.js'
import * as insights from './insights-reads.js'
import { rollUp } from './insights-rollup.js'
import { staleFlags } from './insights-stale.js'
import { createClosedDaysCache } from '../../insights/closed-days.js'
import * as codeRefs from './code-refs.js'
import { createSqliteTeam } from './team.js'

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

  // Every change of a version commits through this store, so its versions can be known here:
  // an SDK request then asks the database nothing when its payload is cached.
  const versions = new Map<number, number>()
  const keys = createKeyCache()
  const environmentByKey = async (key: string) =>
    reads.listEnvironments(ctx).find((e) => e.key === key)
  // The flag list's days that can no longer change (insights/closed-days.ts).
  const closedDays = createClosedDaysCache()
  const write = createGroupCommit(options.sqlite, (changes) => {
    for (const c of changes) versions.set(c.environmentId, c.version)
    onCommit(changes)
  })

  const findKey = db
    .select({
      id: schema.apiKeys.id,
      kind: schema.apiKeys.kind,
      name: schema.apiKeys.name,
      environmentId: schema.apiKeys.environmentId,
      environment: schema.environments.key,
      scopes: schema.apiKeys.scopes,
      tokenType: schema.apiKeys.tokenType,
      owner: schema.apiKeys.owner,
      expiresAt: schema.apiKeys.expiresAt,
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

  /** A write of keys: the keys held in memory go, so a revoked one fails on its next request. */
  const keyWrite = async <T>(run: () => T): Promise<T> => {
    try {
      return await write(run)
    } finally {
      keys.clear()
    }
  }

  return {
    ...createSqliteTeam(ctx, (run) => write(() => run())),
    findKey: async (digest) => {
      const held = keys.get(digest)
      if (held !== undefined) return held
      const row = findKey.get({ digest })
      const key = row === undefined ? undefined : toAuthKey(row)
      // Admin tokens are not held: \`npm run admin-token\` revokes them from another process,
      // and it takes effect on the next request. SDK keys change only through this server.
      if (key !== undefined && key.kind !== 'admin') keys.set(digest, key)
      return key
    },
    countAdminKeys: async () =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.kind, 'admin'), isNull(schema.apiKeys.revokedAt)))
        .get()?.n ?? 0,

    listEnvironments: async () => reads.listEnvironments(ctx),
    getEnvironment: environmentByKey,
    getEnvironmentSettings: environmentByKey,
    environmentVersion: async (id) => {
      const known = versions.get(id)
      if (known !== undefined) return known
      const version = envVersion.get({ id })?.version
      if (version !== undefined) versions.set(id, version)
      return version
    },
    createEnvironment: (input, actor) => write(() => envs.createEnvironment(ctx, input, actor)),
    updateEnvironment: (key, patch, actor) =>
      write(() => envs.updateEnvironment(ctx, key, patch, actor)),

    createKey: (input, actor) => keyWrite(() => envs.createKey(ctx, input, actor)),
    listKeys: async (environment) => {
      const env = envRow(ctx, environment)
      return reads.listKeys(ctx, env.id, env.key)
    },
    listAdminKeys: async () =>
      db
        .select()
        .from(schema.apiKeys)
        .where(
          and(
            eq(schema.apiKeys.kind, 'admin'),
            isNull(schema.apiKeys.revokedAt),
            like(schema.apiKeys.scopes, ADMIN_SCOPE_PATTERN),
          ),
        )
        .orderBy(asc(schema.apiKeys.id))
        .all()
        .map((row) => envs.toKeyInfo(row, null)),
    revokeKey: (id, actor) => keyWrite(() => envs.revokeKey(ctx, id, actor)),
    createToken: (input, actor) => keyWrite(() => envs.createToken(ctx, input, actor)),
    listTokens: async () =>
      db
        .select()
        .from(schema.apiKeys)
        .where(eq(schema.apiKeys.kind, 'admin'))
        .orderBy(asc(schema.apiKeys.id))
        .all()
        .map(toTokenInfo),
    // Not a change of keys: the caches keep what they hold.
    touchKey: (id, at) =>
      write(() => {
        db.update(schema.apiKeys).set({ lastUsedAt: at }).where(eq(schema.apiKeys.id, id)).run()
      }),

    listFlags: async () =>
      db
        .select()
        .from(schema.flags)
        .where(isNull(schema.flags.archivedAt))
        .orderBy(asc(schema.flags.key))
        .all()
        .map(toMeta),
    getFlag: async (key) => {
      const row = liveFlagRow(ctx, key)
      return row === undefined ? undefined : toMeta(row)
    },
    createFlag: (input, actor) => write((out) => flags.createFlag(ctx, input, actor, out)),
    updateFlag: (key, patch, actor) =>
      write((out) => flags.updateFlag(ctx, key, patch, actor, out)),
    archiveFlag: (key, actor) => write((out) => flags.archiveFlag(ctx, key, actor, out)),
    getFlagConfig: async (key, environment) => {
      const env = envRow(ctx, environment)
      const row = liveFlagRow(ctx, key)
      if (row === undefined) return undefined
      const c = configRow(ctx, env.id, row.id)
      return toFlag(key, toMeta(row).variations, c.version, c.config)
    },
    updateFlagConfig: (key, environment, patch, opts) =>
      write((out) => flags.updateFlagConfig(ctx, key, environment, patch, opts, out)),

    listSegments: async (environment) => {
      const env = envRow(ctx, environment)
      return db
        .select()
        .from(schema.segments)
        .where(and(eq(schema.segments.environmentId, env.id), isNull(schema.segments.deletedAt)))
        .orderBy(asc(schema.segments.key))
        .all()
        .map(toSegmentInfo)
    },
    getSegment: async (environment, key) => {
      const row = liveSegmentRow(ctx, envRow(ctx, environment).id, key)
      return row === undefined ? undefined : toSegmentInfo(row)
    },
    createSegment: (environment, input, actor) =>
      write((out) => segments.createSegment(ctx, environment, input, actor, out)),
    updateSegment: (environment, key, patch, opts) =>
      write((out) => segments.updateSegment(ctx, environment, key, patch, opts, out)),
    deleteSegment: (environment, key, opts) =>
      write((out) => segments.deleteSegment(ctx, environment, key, opts, out)),

    payloads: async (id) => reads.payloads(ctx, id),
    changesSince: async (id, version) => reads.changesSince(ctx, id, version),
    recordEvents: (id, batch, options) =>
      write((out) => {
        const env = reads.listEnvironments(ctx).find((e) => e.id === id)
        if (env === undefined) throw new Error(`environment ${id} vanished`)
        rollUp(ctx)
        return recordEvents(ctx, env, batch, options, out)
      }),
    getGuards: async (flag, environment) => guards.flagGuards(ctx, flag, environment),
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
    getRelease: async (flag, environment) => releases.getRelease(ctx, flag, environment),
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
    listAudit: async (query) => reads.listAudit(ctx, query),
    flagCounts: async () => reads.flagCounts(ctx),
    health: async () => ({ ok: true, database: 'sqlite' }),
    close: async () => {
      options.sqlite.close()
    },
    flagEvaluations: async (environment, query) =>
      insights.evaluations(ctx, environment, query, closedDays),
    experimentFigures: async (flag, environment, metric, step, from) =>
      insights.experimentFigures(ctx, flag, environment, metric, step, from),
    staleFlags: async (days) => staleFlags(ctx, days),
    deliveryEntries: async (environment, since) =>
      insights.deliveryEntries(ctx, environment, since),
    uploadCodeRefs: (upload, actor) => write(() => codeRefs.uploadCodeRefs(ctx, upload, actor)),
    flagCodeRefs: async (flag) => codeRefs.flagCodeRefs(ctx, flag),
  }
}
