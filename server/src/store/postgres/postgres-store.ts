/**
 * The PostgreSQL implementation of the store, on postgres.js and drizzle. Every write runs in
 * its own transaction (transaction.ts) under the advisory locks context.ts prescribes, and
 * its changes go to `onCommit` only after the commit; reads of several statements read one
 * snapshot. The rules the two stores share live in ../common, so both decide alike.
 */
import { and, asc, count, eq, isNull, like, sql } from 'drizzle-orm'
import type { Change } from '../store.js'
import type { PostgresStoreCore } from './resilient-store.js'
import type { ReleaseEvent } from '../../release/release-model.js'
import { toFlag, toKeyInfo, toMeta, toSegmentInfo } from '../common/rows.js'
import { ADMIN_SCOPE_PATTERN, toAuthKey, toTokenInfo } from '../common/token-rows.js'
import { lockEnvironments, schema, type PgDb } from './context.js'
import { createPgWriter, oneStatementWrite } from './transaction.js'
import { createOneTripConfigWriter } from './config-write-in-one-trip.js'
import { configRow, envRow, liveFlagRow, liveSegmentRow, snapshot, type PgReader } from './rows.js'
import * as reads from './reads.js'
import * as flags from './flag-writes.js'
import * as segments from './segment-writes.js'
import * as envs from './environment-writes.js'
import * as guards from './guard-writes.js'
import { forgetOld, recordEvents, type CleanedUpTo } from './event-writes.js'
import * as releases from './release-writes.js'
import { deliveryEntries } from './delivery-reads.js'
import * as insights from './insights-reads.js'
import { rollUp } from './insights-rollup.js'
import { staleFlags } from './insights-stale.js'
import { createClosedDaysCache } from '../../insights/closed-days.js'
import * as codeRefs from './code-refs.js'
import { createPostgresTeam } from './team.js'
import { createRememberedConfigs, type RememberedConfigs } from './remembered-configs.js'

export interface PostgresStoreOptions {
  db: PgDb
  /** Milliseconds since the epoch; tests hand in a fixed clock. */
  now?: () => number
  /**
   * Receives the changes of every committed write of this process, once committed: in commit
   * order within a batch; a write that commits by itself may report before an earlier one.
   */
  onCommit?: (changes: Change[]) => void
  /**
   * The configs this process last wrote; the server hands in the ones that the changes it
   * follows keep fresh. By default the store's own.
   */
  remembered?: RememberedConfigs
}

/** The store without `health`, which `resilientStore` adds (with a timeout) around it. */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStoreCore {
  const { db } = options
  const now = options.now ?? Date.now
  const r: PgReader = { db, now }
  const onCommit = options.onCommit ?? (() => {})
  const write = createPgWriter(db, now, onCommit)
  const remembered = options.remembered ?? createRememberedConfigs()
  const oneTrip = createOneTripConfigWriter(db, now, onCommit, remembered)
  const read = <T>(fn: (r: PgReader) => Promise<T>) => snapshot(db, now, fn)
  // The flag list's days that can no longer change: final in the database, whichever
  // process rolled them up (insights/closed-days.ts).
  const closedDays = createClosedDaysCache()
  // Where each environment's clean-up of old batch ids and minutes stopped (event-writes.ts).
  const cleanedUpTo = new Map<number, CleanedUpTo>()
  const k = schema.apiKeys
  // Every admin request reads these: built once, and parsed and planned once per connection.
  const keyByDigest = db
    .select({
      id: k.id,
      kind: k.kind,
      name: k.name,
      environmentId: k.environmentId,
      environment: schema.environments.key,
      scopes: k.scopes,
      tokenType: k.tokenType,
      owner: k.owner,
      expiresAt: k.expiresAt,
    })
    .from(k)
    .leftJoin(schema.environments, eq(schema.environments.id, k.environmentId))
    .where(and(eq(k.digest, sql.placeholder('digest')), isNull(k.revokedAt)))
    .prepare('andon_key_by_digest')
  const environmentList = reads.environmentQuery(db).prepare('andon_environments')
  const environmentByKey = async (key: string) =>
    (await environmentList.execute()).find((e) => e.key === key)

  return {
    ...createPostgresTeam(db, now, write),
    findKey: async (digest) => {
      const [row] = await keyByDigest.execute({ digest })
      return row === undefined ? undefined : toAuthKey(row)
    },
    countAdminKeys: async () => {
      const [row] = await db
        .select({ n: count() })
        .from(k)
        .where(and(eq(k.kind, 'admin'), isNull(k.revokedAt)))
      return row?.n ?? 0
    },

    listEnvironments: () => environmentList.execute(),
    getEnvironment: environmentByKey,
    getEnvironmentSettings: environmentByKey,
    environmentVersion: async (id) => {
      const [row] = await db
        .select({ version: schema.environments.version })
        .from(schema.environments)
        .where(eq(schema.environments.id, id))
      return row?.version
    },
    createEnvironment: (input, actor) => write((ctx) => envs.createEnvironment(ctx, input, actor)),
    updateEnvironment: (key, patch, actor) =>
      write((ctx) => envs.updateEnvironment(ctx, key, patch, actor)),

    createKey: (input, actor) => write((ctx) => envs.createKey(ctx, input, actor)),
    listKeys: (environment) =>
      read(async (s) => {
        const env = await envRow(s, environment)
        return reads.listKeys(s, env.id, env.key)
      }),
    listAdminKeys: async () => {
      const rows = await db
        .select()
        .from(k)
        .where(and(eq(k.kind, 'admin'), isNull(k.revokedAt), like(k.scopes, ADMIN_SCOPE_PATTERN)))
        .orderBy(asc(k.id))
      return rows.map((row) => toKeyInfo(row, null))
    },
    revokeKey: (id, actor) => write((ctx) => envs.revokeKey(ctx, id, actor)),
    createToken: (input, actor) => write((ctx) => envs.createToken(ctx, input, actor)),
    listTokens: async () => {
      const rows = await db.select().from(k).where(eq(k.kind, 'admin')).orderBy(asc(k.id))
      return rows.map(toTokenInfo)
    },
    // Outside any lock and without NOTIFY: not a change of what a key may do.
    touchKey: async (id, at) => {
      await db.update(k).set({ lastUsedAt: at }).where(eq(k.id, id))
    },

    listFlags: async () => {
      const rows = await db
        .select()
        .from(schema.flags)
        .where(isNull(schema.flags.archivedAt))
        .orderBy(asc(schema.flags.key))
      return rows.map(toMeta)
    },
    getFlag: async (key) => {
      const row = await liveFlagRow(r, key)
      return row === undefined ? undefined : toMeta(row)
    },
    createFlag: (input, actor) => write((ctx, out) => flags.createFlag(ctx, input, actor, out)),
    updateFlag: (key, patch, actor) =>
      write((ctx, out) => flags.updateFlag(ctx, key, patch, actor, out)),
    archiveFlag: (key, actor) => write((ctx, out) => flags.archiveFlag(ctx, key, actor, out)),
    getFlagConfig: (key, environment) =>
      read(async (s) => {
        const env = await envRow(s, environment)
        const row = await liveFlagRow(s, key)
        if (row === undefined) return undefined
        const c = await configRow(s, env.id, row.id)
        return toFlag(key, toMeta(row).variations, c.version, c.config)
      }),
    updateFlagConfig: async (key, environment, patch, opts) =>
      (await oneStatementWrite(() => oneTrip.write(key, environment, patch, opts))) ??
      write((ctx, out) => flags.updateFlagConfig(ctx, key, environment, patch, opts, out)),

    listSegments: (environment) =>
      read(async (s) => {
        const env = await envRow(s, environment)
        const rows = await s.db
          .select()
          .from(schema.segments)
          .where(and(eq(schema.segments.environmentId, env.id), isNull(schema.segments.deletedAt)))
          .orderBy(asc(schema.segments.key))
        return rows.map(toSegmentInfo)
      }),
    getSegment: (environment, key) =>
      read(async (s) => {
        const row = await liveSegmentRow(s, (await envRow(s, environment)).id, key)
        return row === undefined ? undefined : toSegmentInfo(row)
      }),
    createSegment: (environment, input, actor) =>
      write((ctx, out) => segments.createSegment(ctx, environment, input, actor, out)),
    updateSegment: (environment, key, patch, opts) =>
      write((ctx, out) => segments.updateSegment(ctx, environment, key, patch, opts, out)),
    deleteSegment: (environment, key, opts) =>
      write((ctx, out) => segments.deleteSegment(ctx, environment, key, opts, out)),

    payloads: (id) => read((s) => reads.payloads(s, id)),
    changesSince: (id, version) => read((s) => reads.changesSince(s, id, version)),
    async recordEvents(id, batch, opts) {
      let cleaned: CleanedUpTo | undefined
      const outcome = await write(async (ctx, out) => {
        const [env] = await ctx.db
          .select({ id: schema.environments.id, key: schema.environments.key })
          .from(schema.environments)
          .where(eq(schema.environments.id, id))
        if (env === undefined) throw new Error(`environment ${id} vanished`)
        // Under the environment's lock (recordEvents takes it again): one process rolls up.
        await lockEnvironments(ctx, [env.id])
        await rollUp(ctx, env.id)
        cleaned = await forgetOld(ctx, env.id, cleanedUpTo.get(env.id))
        return recordEvents(ctx, env, batch, opts, out)
      })
      // Only once committed: a clean-up rolled back is done again from where it started.
      if (cleaned !== undefined) cleanedUpTo.set(id, cleaned)
      return outcome
    },
    getGuards: (flag, environment) => read((s) => guards.flagGuards(s, flag, environment)),
    setGuards: (flag, environment, list, actor) =>
      write((ctx, out) => guards.setGuards(ctx, flag, environment, list, actor, out)),
    disableForAlert: (flag, environment, actor, detail) =>
      write((ctx, out) => guards.disableForAlert(ctx, flag, environment, actor, detail, out)),
    startRelease: (flag, environment, settings, actor) =>
      write(async (ctx, out) => {
        const events: ReleaseEvent[] = []
        const release = await releases.startRelease(
          ctx,
          flag,
          environment,
          settings,
          actor,
          out,
          events,
        )
        return { release, events }
      }),
    getRelease: (flag, environment) => read((s) => releases.getRelease(s, flag, environment)),
    controlRelease: (flag, environment, control, actor) =>
      write(async (ctx, out) => {
        const events: ReleaseEvent[] = []
        const release = await releases.controlRelease(
          ctx,
          flag,
          environment,
          control,
          actor,
          out,
          events,
        )
        return { release, events }
      }),
    advanceReleases: () =>
      write(async (ctx, out) => {
        const events: ReleaseEvent[] = []
        await releases.advanceDuePlans(ctx, out, events)
        return events
      }),
    listAudit: (query) => reads.listAudit(r, query),
    flagCounts: () => reads.flagCounts(r),
    // The connection pool belongs to whoever opened it (connection.ts), which ends it.
    close: async () => {},
    flagEvaluations: (environment, query) =>
      read((s) => insights.evaluations(s, environment, query, closedDays)),
    experimentFigures: (flag, environment, metric, step, from) =>
      read((s) => insights.experimentFigures(s, flag, environment, metric, step, from)),
    staleFlags: (days) => read((s) => staleFlags(s, days)),
    deliveryEntries: (environment, since) => read((s) => deliveryEntries(s, environment, since)),
    uploadCodeRefs: (upload, actor) => write((ctx) => codeRefs.uploadCodeRefs(ctx, upload, actor)),
    flagCodeRefs: (flag) => read((s) => codeRefs.flagCodeRefs(s, flag)),
  }
}
