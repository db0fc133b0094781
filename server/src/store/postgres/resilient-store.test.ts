/**
 * The keys the PostgreSQL store holds between lookups, with a stand-in for the store beneath
 * (this is about the holding alone; the real thing is in tests/server/cluster.test.ts): found
 * keys, tokens included, are not looked up again for a while, and a revocation answers only
 * once no copy can be held any more, even one found by a lookup that the revocation overtook.
 */
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { AuthKey, KeyInfo } from '../store.js'
import { resilientStore, type PostgresStoreCore } from './resilient-store.js'

const HELD_MS = 200

const token = { id: 1, kind: 'admin', name: 'ci' } as AuthKey

function fakeDatabase(heldMs = HELD_MS) {
  let revoked = false
  let lookups = 0
  /** Lookups to answer only when released: a slow query the revocation overtakes. */
  let gate: Promise<void> | undefined
  const inner = {
    async findKey() {
      lookups++
      const answer = revoked ? undefined : token
      await gate
      return answer
    },
    async revokeKey() {
      revoked = true
      return { id: 1 } as KeyInfo
    },
  } as unknown as PostgresStoreCore
  return {
    store: resilientStore(inner, {} as pg.Pool, () => undefined, heldMs),
    lookups: () => lookups,
    hold() {
      let release = () => {}
      gate = new Promise((resolve) => (release = resolve))
      return () => {
        gate = undefined
        release()
      }
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('keys held by the PostgreSQL store', () => {
  it('looks a token up once while it is held, and again once it ran out', async () => {
    const db = fakeDatabase(1000)
    for (let i = 0; i < 5; i++) expect(await db.store.findKey('digest')).toEqual(token)
    expect(db.lookups()).toBe(1)
    await sleep(1020)
    await db.store.findKey('digest')
    expect(db.lookups()).toBe(2)
  })

  it('answers a revocation only once no copy of the key can be held', async () => {
    const db = fakeDatabase()
    // A lookup asked before the revocation, answered after it: it found the key still valid.
    const release = db.hold()
    const slow = db.store.findKey('digest')
    const started = performance.now()
    const revocation = db.store.revokeKey(1, { name: 'ana' })
    await sleep(HELD_MS / 2)
    release()
    expect(await slow).toEqual(token)
    await revocation
    expect(performance.now() - started).toBeGreaterThanOrEqual(HELD_MS - 1)
    // What the slow lookup found ran out by the revocation's answer.
    expect(await db.store.findKey('digest')).toBeUndefined()
  })
})
