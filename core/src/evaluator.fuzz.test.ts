import { describe, expect, it } from 'vitest'
import { COMPACT_HOLDING } from './compact-flag.js'
import { createEvaluator } from './evaluator.js'
import { createFlagStore } from './flag-store.js'
import type { Payload } from './model.js'

/** A deterministic generator, so a failing payload can be reproduced from its seed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'key',
  '',
  '(a+)+$',
  '[',
  '\u0000',
  '\ud800',
  'x'.repeat(100_000),
]

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * 12)
  if (depth > 4) return HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length]
  switch (pick) {
    case 0:
      return null
    case 1:
      return undefined
    case 2:
      return next() < 0.5
    case 3:
      return Math.floor(next() * 200000) - 100000
    case 4:
      return next() * 1e6
    case 5:
      return HOSTILE_STRINGS[Math.floor(next() * HOSTILE_STRINGS.length)]
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1))
    case 7: {
      const o: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}}')
      for (let i = 0; i < 3; i++) o[String(randomValue(next, 5))] = randomValue(next, depth + 1)
      return o
    }
    case 8:
      return 'user-' + Math.floor(next() * 1000)
    case 9: {
      let deep: unknown = 'x'
      for (let i = 0; i < 10_000; i++) deep = [deep]
      return deep
    }
    default:
      return { variation: Math.floor(next() * 4) - 1, weight: Math.floor(next() * 100001) }
  }
}

/** A flag that is mostly well-formed, with random parts replaced by hostile ones. */
function mutatedFlag(next: () => number, key: string): unknown {
  const flag: Record<string, unknown> = {
    key,
    version: 1,
    enabled: next() < 0.8,
    variations: [false, true],
    offVariation: 0,
    prerequisites: next() < 0.3 ? [{ key: 'f' + Math.floor(next() * 5), variation: 1 }] : [],
    targets: [{ variation: 1, values: ['user-1'] }],
    rules: [
      {
        id: 'r',
        clauses: [
          {
            attribute: HOSTILE_STRINGS[Math.floor(next() * HOSTILE_STRINGS.length)],
            op: ['in', 'matches', 'semverLt', 'before', 'segmentMatch', 'lt', 'nope'][
              Math.floor(next() * 7)
            ],
            values: [randomValue(next, 3), '(a+)+$', '['],
            negate: next() < 0.5,
          },
        ],
        serve: {
          rollout: {
            variations: [
              { variation: 1, weight: 50000 },
              { variation: 0, weight: 50000 },
            ],
          },
        },
      },
    ],
    fallthrough: { variation: 1 },
  }
  const fields = Object.keys(flag)
  for (let i = 0; i < 2; i++) {
    flag[fields[Math.floor(next() * fields.length)]!] = randomValue(next, 0)
  }
  return flag
}

describe('evaluation never throws', () => {
  it('for random, hostile payloads and contexts', () => {
    const next = lcg(2026)
    for (let round = 0; round < 300; round++) {
      const flags: Record<string, unknown> = {}
      for (let i = 0; i < 5; i++) flags['f' + i] = mutatedFlag(next, 'f' + i)
      const payload =
        next() < 0.1 ? randomValue(next, 0) : { flags, segments: { s: randomValue(next, 1) } }
      const evaluator = createEvaluator(payload)
      for (let j = 0; j < 20; j++) {
        const context = next() < 0.1 ? randomValue(next, 0) : (randomValue(next, 3) ?? {})
        const key = next() < 0.9 ? 'f' + Math.floor(next() * 6) : randomValue(next, 5)
        const result = evaluator.evaluate(key as string, context as never, 'default')
        expect([
          'OFF',
          'PREREQUISITE_FAILED',
          'TARGET_MATCH',
          'RULE_MATCH',
          'FALLTHROUGH',
          'ERROR',
        ]).toContain(result.reason.kind)
        if (result.variationIndex === null) expect(result.value).toBe('default')
      }
    }
  })

  it('and a compact store, sharing parts between flags alike, agrees with a plain one', () => {
    const next = lcg(7)
    for (let round = 0; round < 100; round++) {
      // Flags alike: copies of a few templates (made again from the same seed), some with one
      // field replaced, so that many parts are shared and some differ only slightly.
      const seeds = [0, 1, 2].map(() => Math.floor(next() * 2 ** 31))
      const flags: Record<string, unknown> = {}
      for (let i = 0; i < 12; i++) {
        const copy = mutatedFlag(lcg(seeds[i % 3]!), 'f' + i) as Record<string, unknown>
        if (next() < 0.4)
          copy[['rules', 'fallthrough', 'offVariation'][i % 3]!] = randomValue(next, 2)
        flags['f' + i] = copy
      }
      const payload = { flags, segments: { s: randomValue(next, 1) } } as unknown as Payload
      const plain = createEvaluator(payload)
      const compact = createFlagStore(payload, { holding: COMPACT_HOLDING })
      for (let j = 0; j < 40; j++) {
        const context = (randomValue(next, 3) ?? {}) as never
        const key = 'f' + Math.floor(next() * 13)
        expect(compact.evaluate(key, context, 'd')).toEqual(plain.evaluate(key, context, 'd'))
      }
    }
  })

  it('when a context property getter throws', () => {
    const evaluator = createEvaluator({
      flags: {
        a: {
          key: 'a',
          version: 1,
          enabled: true,
          variations: [1, 2],
          offVariation: 0,
          fallthrough: { rollout: { variations: [{ variation: 1, weight: 100000 }] } },
        },
      },
      segments: {},
    })
    const context = {
      get key(): string {
        throw new Error('boom')
      },
    }
    expect(evaluator.evaluate('a', context, 0)).toEqual({
      value: 0,
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' },
    })
  })

  it('on a prerequisite chain deeper than the stack allows', () => {
    const flags: Record<string, unknown> = {}
    for (let i = 0; i < 20_000; i++) {
      flags['f' + i] = {
        key: 'f' + i,
        version: 1,
        enabled: true,
        variations: [false, true],
        offVariation: 0,
        prerequisites: i + 1 < 20_000 ? [{ key: 'f' + (i + 1), variation: 1 }] : [],
        fallthrough: { variation: 1 },
      }
    }
    const result = createEvaluator({ flags, segments: {} }).evaluate('f0', { key: 'u' }, false)
    expect(result.value).toBe(false)
    expect(result.reason.kind).toBe('PREREQUISITE_FAILED')
  })

  it('does not let a catastrophic regular expression look past 1,024 characters', () => {
    const evaluator = createEvaluator({
      flags: {
        r: {
          key: 'r',
          version: 1,
          enabled: true,
          variations: [false, true],
          offVariation: 0,
          rules: [
            {
              clauses: [{ attribute: 'path', op: 'matches', values: ['b$'] }],
              serve: { variation: 1 },
            },
          ],
          fallthrough: { variation: 0 },
        },
      },
      segments: {},
    })
    expect(evaluator.evaluate('r', { key: 'u', path: 'a'.repeat(1023) + 'b' }, false).value).toBe(
      true,
    )
    expect(evaluator.evaluate('r', { key: 'u', path: 'a'.repeat(1024) + 'b' }, false).value).toBe(
      false,
    )
  })
})
