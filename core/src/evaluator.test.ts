import { describe, expect, it } from 'vitest'
import { createEvaluator } from './evaluator.js'
import type { Flag, Payload } from './model.js'

function flag(key: string, extra: Partial<Flag> = {}): Flag {
  return {
    key,
    version: 1,
    enabled: true,
    variations: [false, true],
    offVariation: 0,
    fallthrough: { variation: 1 },
    ...extra,
  }
}

function evaluatorOf(...flags: Flag[]) {
  const payload: Payload = {
    schemaVersion: 1,
    environment: 'test',
    version: 1,
    flags: Object.fromEntries(flags.map((f) => [f.key, f])),
    segments: {},
  }
  return createEvaluator(payload)
}

const MALFORMED = { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' }

describe('prerequisites', () => {
  it('makes every flag on a cycle malformed, and a flag that depends on one fail', () => {
    const e = evaluatorOf(
      flag('a', { prerequisites: [{ key: 'b', variation: 1 }] }),
      flag('b', { prerequisites: [{ key: 'a', variation: 1 }] }),
      flag('outside', { prerequisites: [{ key: 'a', variation: 1 }] }),
      flag('self', { prerequisites: [{ key: 'self', variation: 1 }] }),
    )
    expect(e.evaluate('a', { key: 'u' }, 'd').reason).toEqual(MALFORMED)
    expect(e.evaluate('b', { key: 'u' }, 'd').reason).toEqual(MALFORMED)
    expect(e.evaluate('self', { key: 'u' }, 'd').reason).toEqual(MALFORMED)
    expect(e.evaluate('outside', { key: 'u' }, 'd')).toEqual({
      value: false,
      variationIndex: 0,
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'a' },
    })
  })

  it('fails on a prerequisite that is off, even when its off variation is the one required', () => {
    const e = evaluatorOf(
      flag('gate', { enabled: false, offVariation: 1 }),
      flag('child', { prerequisites: [{ key: 'gate', variation: 1 }] }),
    )
    expect(e.evaluate('child', { key: 'u' }, true).reason).toEqual({
      kind: 'PREREQUISITE_FAILED',
      prerequisiteKey: 'gate',
    })
  })

  it('is not a cycle when the way back goes through a flag that is off', () => {
    const e = evaluatorOf(
      flag('a', { prerequisites: [{ key: 'b', variation: 0 }] }),
      flag('b', { enabled: false, prerequisites: [{ key: 'a', variation: 1 }] }),
    )
    expect(e.evaluate('a', { key: 'u' }, 'd').reason).toEqual({
      kind: 'PREREQUISITE_FAILED',
      prerequisiteKey: 'b',
    })
  })
})

describe('serving', () => {
  it('lets the first target that names a key win', () => {
    const e = evaluatorOf(
      flag('t', {
        variations: ['a', 'b', 'c'],
        targets: [
          { variation: 1, values: ['u-1'] },
          { variation: 2, values: ['u-1', 'u-2'] },
        ],
      }),
    )
    expect(e.evaluate('t', { key: 'u-1' }, 'd').value).toBe('b')
    expect(e.evaluate('t', { key: 'u-2' }, 'd').value).toBe('c')
  })

  it('serves the default with OFF when the off variation is null', () => {
    const e = evaluatorOf(flag('n', { enabled: false, offVariation: null }))
    expect(e.evaluate('n', { key: 'u' }, 'mine')).toEqual({
      value: 'mine',
      variationIndex: null,
      reason: { kind: 'OFF' },
    })
  })

  it('is malformed only where an invalid variation index is served', () => {
    const e = evaluatorOf(flag('bad', { offVariation: 0, fallthrough: { variation: 9 } }))
    expect(e.evaluate('bad', { key: 'u' }, 'd').reason).toEqual(MALFORMED)
    const off = evaluatorOf(flag('bad', { enabled: false, fallthrough: { variation: 9 } }))
    expect(off.evaluate('bad', { key: 'u' }, 'd').reason).toEqual({ kind: 'OFF' })
  })

  it('marks rollout results, and experiment results too', () => {
    const weights = [
      { variation: 0, weight: 50000 },
      { variation: 1, weight: 50000 },
    ]
    const e = evaluatorOf(
      flag('r', { fallthrough: { rollout: { variations: weights } } }),
      flag('x', { fallthrough: { rollout: { kind: 'experiment', variations: weights } } }),
    )
    expect(e.evaluate('r', { key: 'u' }, 'd').reason).toEqual({
      kind: 'FALLTHROUGH',
      inRollout: true,
    })
    expect(e.evaluate('x', { key: 'u' }, 'd').reason).toEqual({
      kind: 'FALLTHROUGH',
      inRollout: true,
      inExperiment: true,
    })
  })

  it('only adds contexts to "on" when a rollout ramps up', () => {
    const ramp = (p: number) =>
      evaluatorOf(
        flag('ramp', {
          fallthrough: {
            rollout: {
              variations: [
                { variation: 1, weight: p },
                { variation: 0, weight: 100000 - p },
              ],
            },
          },
        }),
      )
    const steps = [1000, 10000, 25000, 50000, 99999].map(ramp)
    for (let i = 0; i < 5000; i++) {
      const context = { key: `user-${i}` }
      let wasOn = false
      for (const e of steps) {
        const on = e.evaluate('ramp', context, false).value === true
        if (wasOn) expect(on).toBe(true)
        wasOn = on
      }
    }
  })
})

describe('named variations', () => {
  const e = evaluatorOf(
    flag('color', {
      variations: [
        { name: 'control', value: 'blue' },
        'red',
        { name: 'treatment', value: 'green' },
      ],
      targets: [{ variation: 1, values: ['plain'] }],
      rules: [
        { clauses: [{ attribute: 'beta', op: 'in', values: [true] }], serve: { variation: 2 } },
      ],
      fallthrough: { variation: 0 },
    }),
    flag('off', { enabled: false, variations: [{ name: 'off', value: false }, true] }),
  )

  it('serve the value and report the name', () => {
    expect(e.evaluate('color', { key: 'u' }, 'd')).toEqual({
      value: 'blue',
      variationIndex: 0,
      variationName: 'control',
      reason: { kind: 'FALLTHROUGH' },
    })
    expect(e.evaluate('color', { key: 'u', beta: true }, 'd')).toMatchObject({
      value: 'green',
      variationName: 'treatment',
    })
    expect(e.evaluate('off', { key: 'u' }, true)).toMatchObject({
      value: false,
      variationName: 'off',
      reason: { kind: 'OFF' },
    })
  })

  it('report no name for an unnamed variation or the default', () => {
    expect(e.evaluate('color', { key: 'plain' }, 'd')).toEqual({
      value: 'red',
      variationIndex: 1,
      reason: { kind: 'TARGET_MATCH' },
    })
    expect(e.evaluate('missing', { key: 'u' }, 'd')).not.toHaveProperty('variationName')
  })
})
