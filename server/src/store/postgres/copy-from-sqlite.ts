/**
 * Moves an existing SQLite database to PostgreSQL (`npm run migrate:postgres`): copies every
 * table, each after those its foreign keys reference, in one transaction, sets the identity
 * sequences past the copied ids, and then verifies every row: both databases are read again
 * in primary-key order and compared value by value. The tables and their columns are the
 * PostgreSQL schema's, which a test keeps equal to SQLite's.
 */
import type Database from 'better-sqlite3'
import type pg from 'pg'
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core'
import { is } from 'drizzle-orm'
import { PgTable as PgTableClass } from 'drizzle-orm/pg-core'
import { schema } from './context.js'
import { spreadCopiedReach } from './insights-rollup.js'

export interface TableCopy {
  table: string
  copied: number
  verified: number
}

const CHUNK = 1000

interface TableShape {
  name: string
  columns: PgColumn[]
  key: string[]
  identity: boolean
}

/** The schema's tables, each after the tables its foreign keys reference. */
export function tableShapes(): TableShape[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
    is(value, PgTableClass),
  )
  const configs = new Map(tables.map((t) => [getTableConfig(t).name, getTableConfig(t)]))
  const ordered: string[] = []
  const visit = (name: string) => {
    if (ordered.includes(name)) return
    for (const fk of configs.get(name)?.foreignKeys ?? []) {
      const target = getTableConfig(fk.reference().foreignTable).name
      if (target !== name) visit(target)
    }
    ordered.push(name)
  }
  ;[...configs.keys()].sort().forEach(visit)
  return ordered.map((name) => {
    const config = configs.get(name) as ReturnType<typeof getTableConfig>
    const primary = config.columns.filter((c) => c.primary).map((c) => c.name)
    const composite = config.primaryKeys[0]?.columns.map((c) => c.name) ?? []
    return {
      name,
      columns: config.columns,
      // A table without a key (code_refs) is ordered by all its columns.
      key:
        primary.length > 0
          ? primary
          : composite.length > 0
            ? composite
            : config.columns.map((c) => c.name),
      identity: config.columns.some((c) => c.name === 'id' && c.primary),
    }
  })
}

/** A value as PostgreSQL's column holds it, from SQLite's (booleans there are 0 and 1). */
function toPg(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (column.columnType === 'PgBoolean') return value === 1 || value === true
  return value
}

/** One value, the same whichever database it was read from (int8 arrives as a string). */
function normal(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (column.columnType === 'PgBoolean') return value === 1 || value === true
  if (typeof value === 'string' && column.columnType.startsWith('PgBigInt')) return Number(value)
  if (typeof value === 'bigint') return Number(value)
  return value
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

function* sqliteRows(sqlite: Database.Database, shape: TableShape): Generator<unknown[]> {
  const columns = shape.columns.map((c) => quote(c.name)).join(', ')
  const order = shape.key.map(quote).join(', ')
  const statement = sqlite
    .prepare(`select ${columns} from ${quote(shape.name)} order by ${order}`)
    .raw(true)
  for (const row of statement.iterate()) yield row as unknown[]
}

/** Fails unless the PostgreSQL database holds no Andon data yet: a copy never merges. */
export async function assertEmpty(pool: pg.Pool): Promise<void> {
  for (const shape of tableShapes()) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from ${quote(shape.name)}`,
    )
    if ((rows[0]?.n ?? 0) > 0) {
      throw new Error(
        `the PostgreSQL database already holds data (table ${shape.name}); copy into an empty one`,
      )
    }
  }
}

/** `insert into t (a, b) values ($1, $2), ($3, $4), …` for `rows` rows of `columns` columns. */
function insertText(shape: TableShape, rows: number): string {
  const columns = shape.columns.map((c) => quote(c.name))
  const tuples = Array.from(
    { length: rows },
    (_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(', ')})`,
  )
  return `insert into ${quote(shape.name)} (${columns.join(', ')}) values ${tuples.join(', ')}`
}

export async function copyTables(sqlite: Database.Database, pool: pg.Pool): Promise<TableCopy[]> {
  const shapes = tableShapes()
  const copied = new Map<string, number>()
  const client = await pool.connect()
  try {
    await client.query('begin')
    for (const shape of shapes) {
      // PostgreSQL takes at most 65,535 parameters a statement.
      const perChunk = Math.max(1, Math.min(CHUNK, Math.floor(60_000 / shape.columns.length)))
      let chunk: unknown[][] = []
      let n = 0
      const flush = async () => {
        if (chunk.length === 0) return
        await client.query(insertText(shape, chunk.length), chunk.flat())
        n += chunk.length
        chunk = []
      }
      for (const row of sqliteRows(sqlite, shape)) {
        chunk.push(shape.columns.map((column, i) => toPg(column, row[i])))
        if (chunk.length === perChunk) await flush()
      }
      await flush()
      if (shape.identity) {
        await client.query(
          `select setval(pg_get_serial_sequence('${shape.name}', 'id'),
             coalesce((select max(id) from ${quote(shape.name)}), 0) + 1, false)`,
        )
      }
      copied.set(shape.name, n)
    }
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    client.release()
  }
  const result: TableCopy[] = []
  for (const shape of shapes) {
    result.push({
      table: shape.name,
      copied: copied.get(shape.name) ?? 0,
      verified: await verifyTable(sqlite, pool, shape),
    })
  }
  await spreadCopiedReach(pool)
  return result
}

/** Compares every row of a table in both databases; answers how many matched, or throws. */
async function verifyTable(
  sqlite: Database.Database,
  pool: pg.Pool,
  shape: TableShape,
): Promise<number> {
  const columns = shape.columns.map((c) => quote(c.name)).join(', ')
  // Text in byte order, as SQLite sorts it, whatever the database's collation.
  const text = new Set(shape.columns.filter((c) => c.columnType === 'PgText').map((c) => c.name))
  const order = shape.key
    .map((name) => (text.has(name) ? `${quote(name)} collate "C"` : quote(name)))
    .join(', ')
  const source = sqliteRows(sqlite, shape)
  let verified = 0
  for (let offset = 0; ; offset += CHUNK) {
    const { rows } = await pool.query<unknown[]>({
      text: `select ${columns} from ${quote(shape.name)} order by ${order} limit ${CHUNK} offset ${offset}`,
      rowMode: 'array',
    })
    for (const row of rows) {
      const expected = source.next()
      const differs =
        expected.done === true ||
        shape.columns.some(
          (column, i) =>
            JSON.stringify(normal(column, row[i])) !==
            JSON.stringify(normal(column, expected.value[i])),
        )
      if (differs)
        throw new Error(`table ${shape.name}: row ${verified + 1} differs after the copy`)
      verified++
    }
    if (rows.length < CHUNK) break
  }
  if (source.next().done !== true) {
    throw new Error(`table ${shape.name}: PostgreSQL has fewer rows than SQLite`)
  }
  return verified
}
