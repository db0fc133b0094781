import { describe, expect, it } from 'vitest'
import { createHarness } from '../testing/harness.js'
import { StoreError } from './store-error.js'
import { booleanFlag } from '../testing/flag-fixtures.js'

const actor = { name: 'tester' }

describe('critical environments and comments in the store', () => {
  it('treats production as critical from the start, and nothing else unless asked', async () => {
    const h = await createHarness()
    const critical = (await h.store.listEnvironments()).map((e) => [e.key, e.critical])
    expect(critical).toEqual([
      ['development', false],
      ['production', true],
    ])
    const staging = await h.store.createEnvironment({ key: 'staging', name: 'Staging' }, actor)
    expect(staging.critical).toBe(false)
    const eu = await h.store.createEnvironment(
      { key: 'eu-prod', name: 'EU', critical: true },
      actor,
    )
    expect(eu.critical).toBe(true)
  })

  it('changes an environment, keeps what the patch leaves out, and audits before and after', async () => {
    const h = await createHarness()
    const env = await h.store.updateEnvironment('production', { critical: false }, actor)
    expect(env).toMatchObject({ key: 'production', name: 'production', critical: false })
    expect((await h.store.getEnvironment('production'))?.critical).toBe(false)
    const [entry] = await h.store.listAudit({ environment: 'production', limit: 1 })
    expect(entry).toMatchObject({
      action: 'environment.update',
      actor: 'tester',
      before: { critical: true },
      after: { critical: false },
      comment: null,
    })
    await expect(h.store.updateEnvironment('nowhere', { name: 'x' }, actor)).rejects.toThrow(
      StoreError,
    )
  })

  it('keeps the comment of a flag change in its audit entry', async () => {
    const h = await createHarness()
    await h.store.createFlag(booleanFlag('checkout'), actor)
    await h.store.updateFlagConfig(
      'checkout',
      'production',
      { enabled: true },
      { actor, comment: 'ramp after the load test' },
    )
    await h.store.updateFlagConfig('checkout', 'production', { enabled: false }, { actor })
    const entries = await h.store.listAudit({
      flag: 'checkout',
      environment: 'production',
      limit: 2,
    })
    expect(entries.map((e) => e.comment)).toEqual([null, 'ramp after the load test'])
  })
})
