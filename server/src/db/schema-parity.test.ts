// The PostgreSQL schema is written beside SQLite's by hand; a row of one must fit the other
// (the copy of `npm run migrate:postgres` relies on it), so their tables must not drift apart.
import { describe, expect, it } from 'vitest'
import { is } from 'drizzle-orm'
import { SQLiteTable, getTableConfig as sqliteTable } from 'drizzle-orm/sqlite-core'
import { PgTable, getTableConfig as pgTable } from 'drizzle-orm/pg-core'
import * as sqlite from '../../../drizzle/schema.js'
import * as pg from '../../../drizzle/postgres/schema.js'

function shapes<T>(
  module: Record<string, unknown>,
  isTable: (v: unknown) => v is T,
  config: (t: T) => {
    name: string
    columns: { name: string; notNull: boolean; primary: boolean }[]
    primaryKeys: { columns: { name: string }[] }[]
    indexes: unknown[]
  },
) {
  return Object.values(module)
    .filter(isTable)
    .map((table) => {
      const c = config(table)
      return {
        table: c.name,
        columns: c.columns.map((col) => `${col.name}${col.notNull ? '' : '?'}`),
        key: [
          ...c.columns.filter((col) => col.primary).map((col) => col.name),
          ...(c.primaryKeys[0]?.columns.map((col) => col.name) ?? []),
        ],
        indexes: c.indexes.length,
      }
    })
}

describe('the two database schemas', () => {
  it('have the same tables, columns, keys and indexes, in the same order', () => {
    const lite = shapes(
      sqlite,
      (v): v is SQLiteTable => is(v, SQLiteTable),
      (t) => sqliteTable(t) as never,
    )
    const postgres = shapes(
      pg,
      (v): v is PgTable => is(v, PgTable),
      (t) => pgTable(t) as never,
    )
    expect(lite.length).toBeGreaterThanOrEqual(15)
    expect(postgres).toEqual(lite)
  })
})
