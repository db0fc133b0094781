/**
 * Follows the changes every process commits: each write NOTIFYs `<environment>:<version>` at
 * commit, with the change's events when they fit; every process LISTENs and publishes the
 * changes to its own streams, in order and once, reading the change log for what a
 * notification did not carry (or what it missed). A process's own writes are published at
 * once from memory (their NOTIFY then finds them known). When the LISTEN connection comes back
 * after a loss, the process first catches up every environment from the versions it had:
 * nothing a stream should have had is skipped. Event ids stay the environment versions, so an
 * SDK resumes with `Last-Event-ID` on any process.
 */
import type pg from 'pg'
import { and, asc, eq, gt, lte } from 'drizzle-orm'
import type { Change, ChangeEvent } from '../store.js'
import { CHANGES_CHANNEL, HELD_CHANNEL, schema, type PgDb } from './context.js'

export interface FollowerOptions {
  /** Makes the connection that LISTENs (again, after each loss). */
  connect: () => pg.Client
  db: PgDb
  /** Hands changes, in version order per environment, to this process's streams. */
  publish: (changes: Change[]) => void
  /** Keys or environments changed somewhere (or may have while the connection was lost). */
  onHeldChanged: () => void
}

export interface Follower {
  /** Changes this process just committed. */
  committed(changes: readonly Change[]): void
  /** The newest version of the environment this process has published, if it has any. */
  known(environmentId: number): number | undefined
  /** Resolves once every change announced so far has been published (tests use it). */
  settled(): Promise<void>
  close(): Promise<void>
}

/**
 * A NOTIFY payload: `<environment>:<version>`, with `:<events>` when they fit (context.ts).
 * The change comes with it when its events do and the environment's key is known.
 */
export function announcedChange(payload: string, envKeys: ReadonlyMap<number, string>) {
  const [envText = '', versionText = ''] = payload.split(':', 2)
  if (!/^\d+$/.test(envText) || !/^\d+$/.test(versionText)) return undefined
  const env = Number(envText)
  const version = Number(versionText)
  const rest = payload.slice(envText.length + versionText.length + 2)
  const environment = envKeys.get(env)
  let change: Change | undefined
  if (rest !== '' && environment !== undefined) {
    try {
      const events = JSON.parse(rest) as ChangeEvent[]
      if (Array.isArray(events)) change = { environmentId: env, environment, version, events }
    } catch {
      // Read from the change log instead.
    }
  }
  return { env, version, change }
}

export async function followChanges(options: FollowerOptions): Promise<Follower> {
  const { db, publish } = options
  const known = new Map<number, number>()
  const envKeys = new Map<number, string>()
  // One chain per environment: its catch-ups run one after another, so changes go out in order.
  const chains = new Map<number, Promise<boolean>>()

  async function environments() {
    const rows = await db
      .select({
        id: schema.environments.id,
        key: schema.environments.key,
        version: schema.environments.version,
      })
      .from(schema.environments)
    for (const row of rows) envKeys.set(row.id, row.key)
    return rows
  }

  async function catchUp(envId: number, target: number, have: readonly Change[]) {
    // An environment this process has not seen yet starts wherever its log does.
    const seen = known.has(envId)
    const from = known.get(envId) ?? 0
    if (target <= from) return
    let changes = have.filter((c) => c.version > from && c.version <= target)
    const contiguous = changes.length === target - from && changes[0]?.version === from + 1
    if (!contiguous) changes = await readLog(envId, from, target)
    const first = changes[0]
    if (seen && first !== undefined && first.version !== from + 1) {
      // Only after a loss longer than the change log keeps: those streams resume with a `put`
      // when they reconnect; until then they get what follows.
      console.error(
        `andon: changes ${from + 1}..${first.version - 1} of environment ${envId} are no longer logged`,
      )
    }
    if (changes.length > 0) publish(changes)
    known.set(envId, Math.max(from, target))
  }

  async function readLog(envId: number, from: number, target: number): Promise<Change[]> {
    if (!envKeys.has(envId)) await environments()
    const environment = envKeys.get(envId) ?? ''
    const rows = await db
      .select()
      .from(schema.changeLog)
      .where(
        and(
          eq(schema.changeLog.environmentId, envId),
          gt(schema.changeLog.version, from),
          lte(schema.changeLog.version, target),
        ),
      )
      .orderBy(asc(schema.changeLog.version))
    return rows.map((row) => ({
      environmentId: envId,
      environment,
      version: row.version,
      events: JSON.parse(row.events) as ChangeEvent[],
    }))
  }

  /** Publishes the environment's changes up to `target`; false when the log could not be read. */
  function advance(envId: number, target: number, have: readonly Change[] = []): Promise<boolean> {
    const next = (chains.get(envId) ?? Promise.resolve(true))
      .then(() => catchUp(envId, target, have))
      .then(
        () => true,
        (error: unknown) => {
          // The connection is away: the next notification, or the reconnect, catches up.
          if (!closed)
            console.error(`andon: could not follow environment ${envId}: ${String(error)}`)
          return false
        },
      )
    chains.set(envId, next)
    return next
  }

  /** Catches every environment up; tried again until the database answers (it may be starting). */
  async function catchUpAll(delayMs = 100): Promise<void> {
    try {
      const rows = await environments()
      const done = await Promise.all(rows.map((row) => advance(row.id, row.version)))
      if (!done.every(Boolean)) throw new Error('not every environment caught up')
    } catch {
      if (closed) return
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref())
      return catchUpAll(Math.min(delayMs * 2, 5000))
    }
  }

  let closed = false
  for (const row of await environments()) known.set(row.id, row.version)

  /**
   * The LISTEN connection: on a loss it connects again, with a growing pause while the database
   * is away, and then catches every environment up before anything else.
   */
  let listener: pg.Client | undefined
  async function listen(delayMs = 100): Promise<void> {
    if (closed) return
    const client = options.connect()
    try {
      await client.connect()
      client.on('notification', (message) => {
        if (message.channel === HELD_CHANNEL) return options.onHeldChanged()
        const announced = announcedChange(message.payload ?? '', envKeys)
        if (announced !== undefined) {
          void advance(announced.env, announced.version, announced.change ? [announced.change] : [])
        }
      })
      client.on('end', () => {
        if (closed) return
        listener = undefined
        void listen()
      })
      await client.query(`listen ${CHANGES_CHANNEL}; listen ${HELD_CHANNEL}`)
      listener = client
    } catch {
      await client.end().catch(() => {})
      if (closed) return
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref())
      return listen(Math.min(delayMs * 2, 5000))
    }
    // Whatever was announced while nobody listened (before the first time: between reading the
    // versions and now) was not heard.
    options.onHeldChanged()
    void catchUpAll()
  }
  await listen()

  return {
    committed(changes) {
      const byEnv = new Map<number, Change[]>()
      for (const c of changes)
        byEnv.set(c.environmentId, [...(byEnv.get(c.environmentId) ?? []), c])
      for (const [envId, list] of byEnv) {
        envKeys.set(envId, list[0]?.environment ?? '')
        void advance(envId, Math.max(...list.map((c) => c.version)), list)
      }
    },
    known: (envId) => known.get(envId),
    settled: async () => {
      await Promise.all(chains.values())
    },
    async close() {
      closed = true
      await listener?.end().catch(() => {})
    },
  }
}
