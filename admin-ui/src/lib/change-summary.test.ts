import type { Flag, FlagConfig } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { changeSummary, serveChange } from './change-summary.js'

const BOOL = [false, true]
const COLORS = ['blue', 'green', 'red']

/** A rule as a config patch holds it (the patch's arrays are its own, not read-only). */
type ConfigRule = NonNullable<FlagConfig['rules']>[number]

const rule = (
  id: string,
  values: string[],
  serve: ConfigRule['serve'] = { variation: 1 },
): ConfigRule => ({
  id,
  clauses: [{ attribute: 'country', op: 'in', values }],
  serve,
})

const flag = (over: Partial<Flag> = {}): Flag => ({
  key: 'checkout',
  version: 4,
  enabled: true,
  variations: BOOL,
  offVariation: 0,
  fallthrough: { variation: 0 },
  ...over,
})

const ramp = (trueShare: number) => ({
  rollout: {
    variations: [
      { variation: 1, weight: trueShare * 1000 },
      { variation: 0, weight: (100 - trueShare) * 1000 },
    ],
  },
})

describe('changeSummary', () => {
  it('says how the share of a rollout moves', () => {
    const before = flag({ fallthrough: ramp(25) })
    expect(changeSummary(before, { fallthrough: ramp(50) }, BOOL)).toEqual([
      'Default rule: 25 % → 50 % of contexts get true',
    ])
  })

  it('reads false for everyone as 0 % true, and true for everyone as 100 %', () => {
    expect(changeSummary(flag(), { fallthrough: ramp(10) }, BOOL)).toEqual([
      'Default rule: 0 % → 10 % of contexts get true',
    ])
    const before = flag({ fallthrough: ramp(90) })
    expect(changeSummary(before, { fallthrough: { variation: 1 } }, BOOL)).toEqual([
      'Default rule: 90 % → 100 % of contexts get true',
    ])
  })

  it('names the switch first', () => {
    const before = flag({ enabled: false })
    expect(changeSummary(before, { enabled: true, fallthrough: ramp(5) }, BOOL)[0]).toBe(
      'Switch on',
    )
    expect(changeSummary(flag(), { enabled: false }, BOOL)).toEqual(['Switch off'])
  })

  it('counts rules by their place: removed, added, changed', () => {
    const before = flag({ rules: [rule('a', ['SE']), rule('b', ['NO']), rule('c', ['DK'])] })
    const rules = [rule('a', ['SE', 'FI']), rule('c', ['DK'], ramp(20)), rule('d', ['IS'])]
    expect(changeSummary(before, { rules }, BOOL)).toEqual([
      'Rule 2 removed',
      'Rule 1: its conditions change',
      'Rule 2: 100 % → 20 % of contexts get true',
      'Rule 3 added: everyone gets true',
    ])
  })

  it('notices rules put in another order', () => {
    const before = flag({ rules: [rule('a', ['SE']), rule('b', ['NO'])] })
    expect(changeSummary(before, { rules: [rule('b', ['NO']), rule('a', ['SE'])] }, BOOL)).toEqual([
      'Rules put in another order',
    ])
  })

  it('lists target keys that come and go, per variation', () => {
    const before = flag({ targets: [{ variation: 1, values: ['alice', 'bob'] }] })
    const targets = [{ variation: 1, values: ['bob', 'carol', 'dan', 'erin', 'frank'] }]
    expect(changeSummary(before, { targets }, BOOL)).toEqual([
      'Targets: carol, dan, erin and 1 more get true',
      'Targets: alice no longer get true',
    ])
  })

  it('describes splits of several variations and the off variation', () => {
    const split = {
      rollout: {
        variations: [
          { variation: 0, weight: 50000 },
          { variation: 2, weight: 50000 },
        ],
      },
    }
    const before = flag({ variations: COLORS, fallthrough: { variation: 1 } })
    expect(changeSummary(before, { fallthrough: split, offVariation: null }, COLORS)).toEqual([
      'Default rule: everyone gets green → 50 % blue, 50 % red',
      'When off, serve: blue → nothing (callers get their default)',
    ])
  })

  it('names prerequisites, the salt and guarded metrics', () => {
    const before = flag({ prerequisites: [{ key: 'auth', variation: 1 }], metrics: ['errors'] })
    const patch = {
      prerequisites: [{ key: 'billing', variation: 0 }],
      salt: 'new-salt',
      metrics: ['errors', 'latency'],
    }
    expect(changeSummary(before, patch, BOOL)).toEqual([
      'Prerequisite auth removed',
      'Prerequisite billing added: it must serve its variation 1',
      'Salt changed: every context is bucketed anew',
      'Guarded metrics: latency added',
    ])
  })

  it('says nothing of fields the patch sends unchanged', () => {
    expect(changeSummary(flag(), { enabled: true, salt: 'checkout' }, BOOL)).toEqual([])
  })
})

describe('serveChange', () => {
  it('tells a change of bucketing alone from a change of shares', () => {
    const byOrg = { rollout: { ...ramp(30).rollout, bucketBy: 'org' } }
    expect(serveChange(ramp(30), byOrg, BOOL)).toMatch(/^the same shares, bucketed another way/)
  })
})
