import { afterAll, describe, expect, it } from 'vitest'
import { TEST_DATABASE_URL } from '../../testing/postgres.js'
import { openPostgres } from './connection.js'

const database = openPostgres({ url: TEST_DATABASE_URL, max: 2 })
afterAll(() => database.pool.end())

describe('a pooled PostgreSQL connection', () => {
  it('that breaks while in use fails its queries without ending the process, and leaves the pool', async () => {
    const client = await database.pool.connect()
    // What node-postgres does when the socket dies mid-transaction (ECONNRESET): it fails the
    // client's queries and emits the error, which without a listener would throw here.
    expect(() => client.emit('error', new Error('read ECONNRESET'))).not.toThrow()
    client.release(new Error('broken'))
    expect(database.pool.totalCount).toBe(0)
    const { rows } = await database.pool.query<{ one: number }>('select 1 as one')
    expect(rows).toEqual([{ one: 1 }])
  })
})
