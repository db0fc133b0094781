/**
 * The common config edit (switching a flag on or off, its off variation, its targets) in one
 * round trip under the environment's lock: take the flag as this process last wrote it
 * (remembered-configs.ts) or read it without a lock, decide in memory, then write with one
 * statement that takes the lock, writes each config only if its version is still the one
 * decided on, bumps the environment's version, logs the changes, audits them and announces
 * them (with their events, so other processes need not read them back). Such edits to one
 * environment that arrive together share that statement (and its commit). The lock is held for
 * the statement and its commit alone, never across a round trip to this process, so writers
 * in several processes no longer queue behind each other's trips.
 *
 * Why it is safe without the lock while deciding: every change to what the decision rests on
 * (the flag's variations, client-side, archiving; a guard's trip that switches the flag off)
 * writes a new config version, and PostgreSQL re-checks `version = read` on the newest row
 * before it updates it, so a decision made on a stale config writes nothing. A guard that only
 * notifies trips without a new version: switching a flag back on needs no tripped guard, which
 * the statement checks under the lock. Edits that read anything else, or write more (segments
 * or prerequisites named, a traffic split that starts a new guard stratum, a fallthrough that
 * pauses a release plan, re-enabling a tripped flag), and every lost race, come back
 * `undefined`: the caller runs the full write under the lock instead.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Flag, FlagConfig } from '@andon/core'
import type { Change, ChangeEvent, WriteOptions } from '../store.js'
import { toFlag, toMeta } from '../common/rows.js'
import { configAudit, patchedConfig } from '../common/write-checks.js'
import { flagChangeEvents } from '../common/change-events.js'
import { splitChanged } from '../common/guard-rules.js'
import { auditRow } from '../common/audit-row.js'
import { NO_ENVIRONMENT_VIEW, needsEnvironmentView } from '../flag-checks.js'
import type { RememberedConfig, RememberedConfigs } from './remembered-configs.js'
import {
  announcement,
  CHANGE_LOG_KEPT,
  CHANGES_CHANNEL,
  LOCK_SPACE,
  schema,
  type PgDb,
} from './context.js'

/** Edits in one statement at most: a long one holds its environment's lock longer. */
const MAX_BATCH = 64

/**
 * A patch of these starts a new guard stratum, pauses a release plan, or needs the checks'
 * view of the environment: the full write's work.
 */
const FULL_WRITE_FIELDS = ['fallthrough', 'rules', 'prerequisites'] as const

/**
 * $1 lock space, $2 environment, $3 the edits (JSON), $4 changes kept, $5 NOTIFY channel.
 * The lock is an InitPlan of the configs' update, taken before any row is, so writers meet in
 * the order every write takes its locks. Versions follow the edits' order. The guards of a flag
 * switched back on are read `for share`: a row lock reads a row as committed when it is taken
 * (after the environment's lock), where a plain read would see the statement's snapshot, taken
 * before it waited for the lock, and miss a trip committed meanwhile.
 */
/** Named, so each connection parses and plans it once. */
const WRITE = {
  name: 'andon_one_trip_write',
  text: `
    with locked as materialized (select pg_advisory_xact_lock($1::int, $2::int)),
    input as materialized (
      select * from jsonb_to_recordset($3::jsonb) as i(n int, flag_id int, read_version int,
        reenables boolean, config text, events text, at bigint, actor text, actor_kind text,
        actor_id text, action text, target_kind text, target_key text, environment_key text,
        before text, after text, comment text)
    ), guarded as materialized (
      select g.flag_id, g.tripped_at from guards g
      where g.environment_id = $2::int and exists (select 1 from locked)
        and g.flag_id in (select flag_id from input where reenables)
      for share of g
    ), written as (
      update flag_configs c set version = i.read_version + 1, config = i.config
      from input i
      where c.environment_id = $2::int and c.flag_id = i.flag_id
        and c.version = i.read_version and exists (select 1 from locked)
        and not (i.reenables and exists (select 1 from guarded t
          where t.flag_id = i.flag_id and t.tripped_at is not null))
      returning i.n
    ), bumped as (
      update environments set version = version + (select count(*) from written)::int
      where id = $2::int and exists (select 1 from written)
      returning version
    ), numbered as (
      select w.n, (select version from bumped) - (count(*) over ())::int
        + (row_number() over (order by w.n))::int as version
      from written w
    ), logged as (
      insert into change_log (environment_id, version, events, at)
      select $2::int, nb.version, i.events, i.at from numbered nb join input i using (n)
    ), trimmed as (
      delete from change_log
      where environment_id = $2::int
        and version > (select version from bumped) - (select count(*) from written)::int - $4::int
        and version <= (select version from bumped) - $4::int
    ), audited as (
      insert into audit_log (at, actor, actor_kind, actor_id, action, target_kind, target_key,
        environment_key, before, after, comment)
      select i.at, i.actor, i.actor_kind, i.actor_id, i.action, i.target_kind, i.target_key,
        i.environment_key, i.before, i.after, i.comment
      from numbered nb join input i using (n) order by nb.version
    ), announced as materialized (
      select pg_notify($5::text, ${announcement('s.version', 's.events', '$2::int')})
      from (select nb.version, i.events from numbered nb join input i using (n)
        order by nb.version) s
    )
    select n, version from numbered where (select count(*) from announced) >= 0`,
}

/** The flag, its config and its environment; prepared, so each connection parses and plans it once. */
function unlockedRead(db: PgDb) {
  const { flags, flagConfigs, environments } = schema
  return db
    .select({
      flag: flags,
      envId: environments.id,
      version: flagConfigs.version,
      config: flagConfigs.config,
    })
    .from(flags)
    .innerJoin(environments, eq(environments.key, sql.placeholder('env')))
    .innerJoin(
      flagConfigs,
      and(eq(flagConfigs.flagId, flags.id), eq(flagConfigs.environmentId, environments.id)),
    )
    .where(and(eq(flags.key, sql.placeholder('key')), isNull(flags.archivedAt)))
    .prepare('andon_one_trip_read')
}

/** An edit decided and waiting for its environment's next statement. */
interface Planned {
  flagId: number
  readVersion: number
  /** Switches the flag back on: only if no guard of it has tripped. */
  reenables: boolean
  config: FlagConfig
  events: ChangeEvent[]
  audit: ReturnType<typeof auditRow>
  settle: (version: number | undefined, error?: unknown) => void
}

export interface OneTripConfigWriter {
  /** The written flag, or `undefined` when the full write must decide. */
  write(
    key: string,
    envKey: string,
    patch: Partial<FlagConfig>,
    options: WriteOptions,
  ): Promise<Flag | undefined>
}

/** An environment's edits waiting, and whether a statement of that environment is out. */
interface Queue {
  envId: number
  envKey: string
  pending: Planned[]
  running: boolean
}

export function createOneTripConfigWriter(
  db: PgDb,
  now: () => number,
  onCommit: (changes: Change[]) => void,
  remembered: RememberedConfigs,
): OneTripConfigWriter {
  const read = unlockedRead(db)

  /** The flag as last written here, or as the database has it now. */
  async function current(key: string, envKey: string): Promise<RememberedConfig | undefined> {
    const held = remembered.get(envKey, key)
    if (held !== undefined) return held
    const [found] = await read.execute({ key, env: envKey })
    if (found === undefined) return undefined
    const config = JSON.parse(found.config) as FlagConfig
    return { flag: found.flag, envId: found.envId, version: found.version, config }
  }

  /** The written flag and what this process now knows of it, or `undefined`. */
  async function attempt(
    key: string,
    envKey: string,
    patch: Partial<FlagConfig>,
    options: WriteOptions,
  ): Promise<{ flag: Flag; now: RememberedConfig } | undefined> {
    const was = await current(key, envKey)
    if (was === undefined) return undefined // the full write answers 404
    if (options.ifMatch !== undefined && options.ifMatch !== was.version) return undefined
    const merged = { ...was.config, ...patch }
    if (needsEnvironmentView(merged) || splitChanged(was.config, merged)) return undefined
    const { variations, clientSide: client } = toMeta(was.flag)
    let config: FlagConfig
    try {
      const checked = { key, variationCount: variations.length, clientSide: client }
      config = patchedConfig(checked, was.config, patch, NO_ENVIRONMENT_VIEW)
    } catch {
      return undefined // the full write refuses it, on what it reads under the lock
    }
    const flag = toFlag(key, variations, was.version + 1, config)
    const before = toFlag(key, variations, was.version, was.config)
    const entry = configAudit(key, envKey, before, flag, options, undefined)
    const version = await enqueue(was.envId, envKey, {
      flagId: was.flag.id,
      readVersion: was.version,
      reenables: !was.config.enabled && config.enabled,
      config,
      events: flagChangeEvents({ client, config: was.config }, { client, flag }, false, []),
      audit: auditRow(now(), options.actor, entry),
    })
    return version === undefined
      ? undefined
      : { flag, now: { ...was, version: flag.version, config } }
  }
  const queues = new Map<number, Queue>()

  async function drain(queue: Queue) {
    while (queue.pending.length > 0) {
      // One edit per flag in a statement: a second one read the same version and would lose.
      const batch: Planned[] = []
      const later: Planned[] = []
      const flags = new Set<number>()
      for (const p of queue.pending) {
        if (batch.length < MAX_BATCH && !flags.has(p.flagId)) {
          batch.push(p)
          flags.add(p.flagId)
        } else later.push(p)
      }
      queue.pending = later
      await writeBatch(queue.envId, queue.envKey, batch)
    }
    queue.running = false
  }

  async function writeBatch(envId: number, envKey: string, batch: Planned[]) {
    const input = batch.map((p, i) => ({
      n: i + 1,
      flag_id: p.flagId,
      read_version: p.readVersion,
      reenables: p.reenables,
      config: JSON.stringify(p.config),
      events: JSON.stringify(p.events),
      at: p.audit.at,
      actor: p.audit.actor,
      actor_kind: p.audit.actorKind,
      actor_id: p.audit.actorId,
      action: p.audit.action,
      target_kind: p.audit.targetKind,
      target_key: p.audit.targetKey,
      environment_key: p.audit.environmentKey,
      before: p.audit.before,
      after: p.audit.after,
      comment: p.audit.comment,
    }))
    let versions: Map<number, number>
    try {
      const result = await db.$client.query<{ n: number; version: number }>({
        ...WRITE,
        values: [LOCK_SPACE, envId, JSON.stringify(input), CHANGE_LOG_KEPT, CHANGES_CHANNEL],
      })
      versions = new Map(result.rows.map((r) => [r.n, r.version]))
    } catch (error) {
      for (const p of batch) p.settle(undefined, error)
      return
    }
    const changes = batch.flatMap((p, i) => {
      const version = versions.get(i + 1)
      return version === undefined
        ? []
        : [{ environmentId: envId, environment: envKey, version, events: p.events }]
    })
    if (changes.length > 0) {
      try {
        onCommit(changes.sort((a, b) => a.version - b.version))
      } catch (error) {
        console.error('a commit listener failed', error) // the writes are committed all the same
      }
    }
    batch.forEach((p, i) => p.settle(versions.get(i + 1)))
  }

  function enqueue(envId: number, envKey: string, planned: Omit<Planned, 'settle'>) {
    return new Promise<number | undefined>((resolve, reject) => {
      let queue = queues.get(envId)
      if (queue === undefined) {
        queue = { envId, envKey, pending: [], running: false }
        queues.set(envId, queue)
      }
      queue.pending.push({
        ...planned,
        settle: (version, error) => (error === undefined ? resolve(version) : reject(error)),
      })
      // setImmediate: edits that arrive meanwhile join the statement.
      if (!queue.running) {
        queue.running = true
        const waiting = queue
        setImmediate(() => void drain(waiting))
      }
    })
  }

  return {
    async write(key, envKey, patch, options) {
      // Edits of the split or of what the checks look up never come this way: no read for them.
      if (FULL_WRITE_FIELDS.some((field) => patch[field] !== undefined)) return undefined
      let written: Awaited<ReturnType<typeof attempt>>
      try {
        written = await attempt(key, envKey, patch, options)
      } finally {
        // Whatever the full write does instead (or a failed statement left), it is read afresh.
        if (written === undefined) remembered.forget(envKey, key)
        else remembered.set(envKey, key, written.now)
      }
      return written?.flag
    },
  }
}
