/**
 * The keys and environments the PostgreSQL store holds between lookups, with a stand-in for
 * the database (this is about the holding alone; the real thing is in
 * tests/server/cluster.test.ts): found keys, tokens included, and the environments are not
 * looked up again for a while, and a revocation or an environment's change answers only once no
 * process can hold a copy any more, even one that never heard of it and found the old one by a
 * lookup that the change overtook.
 */
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { AuthKey, Environment, KeyInfo } from '../store.js'
import { resilientStore, type PostgresStoreCore } from './resilient-store.js'

const HELD_MS = 200

const token = { id: 1, kind: 'admin', name: 'ci' } as AuthKey

/** One database; each store over it is a process, told of nothing the others do. */
function fakeDatabase() {
  let revoked = false
  let lookups = 0
  let environmentLookups = 0
  let environments: Environment[] = [{ key: 'production', requireApproval: false } as Environment]
  /** Lookups answer only when released: a slow query that the revocation overtakes. */
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
    async listEnvironments() {
      environmentLookups++
      const answer = environments
      await gate
      return answer
    },
    async createEnvironment(input: { key: string }) {
      const made = { key: input.key, requireApproval: false } as Environment
      environments = [...environments, made]
      return made
    },
    async updateEnvironment(key: string, patch: Partial<Environment>) {
      environments = environments.map((e) => (e.key === key ? { ...e, ...patch } : e))
      return environments.find((e) => e.key === key)
    },
  } as unknown as PostgresStoreCore
  return {
    process: (heldMs = HELD_MS) => resilientStore(inner, {} as pg.Pool, () => undefined, heldMs),
    lookups: () => lookups,
    environmentLookups: () => environmentLookups,
    /** Another process made it: nobody here is told. */
    createElsewhere(key: string) {
      environments = [...environments, { key, requireApproval: false } as Environment]
    },
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
    const db = fakeDatabase()
    const store = db.process(1000)
    for (let i = 0; i < 5; i++) expect(await store.findKey('digest')).toEqual(token)
    expect(db.lookups()).toBe(1)
    await sleep(1020)
    await store.findKey('digest')
    expect(db.lookups()).toBe(2)
  })

  it('answers a revocation once no process can hold the key, one that never heard of it included', async () => {
    const db = fakeDatabase()
    const [revoking, other] = [db.process(), db.process()]
    // Another process's lookup, asked before the revocation and answered after it: it found
    // the key still valid, and no NOTIFY reaches that process.
    const release = db.hold()
    const slow = other.findKey('digest')
    const revocation = revoking.revokeKey(1, { name: 'ana' })
    await sleep(HELD_MS / 2)
    release()
    expect(await slow).toEqual(token)
    await revocation
    expect(await other.findKey('digest')).toBeUndefined()
  })

  it('keeps nothing a lookup found when keys changed while it was asking', async () => {
    const db = fakeDatabase()
    const store = db.process(60_000)
    const release = db.hold()
    const slow = store.findKey('digest')
    store.forgetHeld() // as NOTIFY of a key change does
    release()
    expect(await slow).toEqual(token)
    await store.findKey('digest')
    expect(db.lookups()).toBe(2)
  })

  it('waits out the time on a revocation that fails too', async () => {
    const store = resilientStore(
      {
        revokeKey: async () => {
          throw new Error('not found')
        },
      } as unknown as PostgresStoreCore,
      {} as pg.Pool,
      () => undefined,
      HELD_MS,
    )
    const started = performance.now()
    await expect(store.revokeKey(1, { name: 'ana' })).rejects.toThrow('not found')
    expect(performance.now() - started).toBeGreaterThanOrEqual(HELD_MS)
  })
})

describe('environments held by the PostgreSQL store', () => {
  const actor = { name: 'ana' }

  it('asks for the environments once while they are held, at once for one it lacks, and again once they ran out', async () => {
    const db = fakeDatabase()
    const store = db.process(1000)
    for (let i = 0; i < 5; i++) {
      expect(await store.getEnvironmentSettings('production')).toMatchObject({
        requireApproval: false,
      })
    }
    expect(db.environmentLookups()).toBe(1)
    db.createElsewhere('staging')
    expect(await store.getEnvironmentSettings('staging')).toMatchObject({ key: 'staging' })
    expect(db.environmentLookups()).toBe(2)
    await store.createEnvironment({ key: 'qa', name: 'QA' }, actor)
    expect(await store.getEnvironmentSettings('production')).toBeDefined()
    expect(db.environmentLookups()).toBe(3)
    await sleep(1020)
    await store.getEnvironmentSettings('production')
    expect(db.environmentLookups()).toBe(4)
  })

  it('answers an environment change once no process can hold its old settings, one that never heard of it included', async () => {
    const db = fakeDatabase()
    const [changing, other] = [db.process(), db.process()]
    const release = db.hold()
    const slow = other.getEnvironmentSettings('production')
    const change = changing.updateEnvironment('production', { requireApproval: true }, actor)
    await sleep(HELD_MS / 2)
    release()
    expect(await slow).toMatchObject({ requireApproval: false })
    await change
    expect(await other.getEnvironmentSettings('production')).toMatchObject({
      requireApproval: true,
    })
  })

  it('keeps no environments a lookup found when they changed while it was asking', async () => {
    const db = fakeDatabase()
    const store = db.process(60_000)
    const release = db.hold()
    const slow = store.getEnvironmentSettings('production')
    store.forgetHeld() // as NOTIFY of an environment change does
    release()
    await slow
    await store.getEnvironmentSettings('production')
    expect(db.environmentLookups()).toBe(2)
  })
})
