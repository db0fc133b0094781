import { describe, expect, it } from 'vitest'
import { createHarness } from '../testing/harness.js'
import { StoreError } from './store-error.js'
import { booleanFlag } from '../testing/flag-fixtures.js'

const flag = booleanFlag

describe('writes committed together', () => {
  it('keeps each write all-or-nothing when they share a transaction', async () => {
    const h = await createHarness()
    const actor = { name: 'tester' }
    const version = async () => (await h.store.getEnvironment('production'))?.version as number
    const before = await version()
    const published: number[] = []
    h.broker.subscribe({
      environmentId: (await h.store.getEnvironment('production'))?.id as number,
      view: 'server',
      keyId: 0,
      version: before,
      send: (bytes) =>
        published.push(...[...bytes.toString().matchAll(/id: (\d+)/g)].map((m) => Number(m[1]))),
      close: () => {},
    })
    const results = await Promise.allSettled([
      h.store.createFlag(flag('a'), actor),
      h.store.createFlag(flag('a'), actor),
      h.store.updateFlagConfig('a', 'production', { fallthrough: { variation: 5 } }, { actor }),
      h.store.createFlag(flag('b'), actor),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError)
    expect(await version()).toBe(before + 2)
    await h.settled()
    expect(published).toEqual([before + 1, before + 2])
    const audit = (await h.store.listAudit({ limit: 10 })).filter((e) => e.actor === 'tester')
    expect(audit.map((e) => `${e.action} ${e.targetKey}`)).toEqual([
      'flag.create b',
      'flag.create a',
    ])
    expect((await h.store.listFlags()).map((f) => f.key)).toEqual(['a', 'b'])
  })
})
