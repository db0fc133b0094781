/**
 * `matches` through the evaluator: patterns that hang a backtracking engine finish, and a
 * payload that never passed the server's check (a bootstrap, a cache file, an older server)
 * with a pattern outside the syntax serves MALFORMED_FLAG for that flag alone.
 */
import { describe, expect, it } from 'vitest'
import { COMPACT_HOLDING } from './compact-flag.js'
import { createEvaluator } from './evaluator.js'
import { createFlagStore } from './flag-store.js'
import type { Payload } from './model.js'

const HOSTILE = ['^(a+)+$', '(a|a)*b', '(a*)*b', '(.*a){20}$']

function payloadMatching(patterns: Record<string, string[]>, segmentPatterns: string[] = []) {
  const flag = (key: string, values: string[]) => ({
    key,
    version: 1,
    enabled: true,
    variations: [false, true],
    offVariation: 0,
    rules: [
      { id: 'm', clauses: [{ attribute: 'path', op: 'matches', values }], serve: { variation: 1 } },
    ],
    fallthrough: { variation: 0 },
  })
  return {
    schemaVersion: 1,
    environment: 'test',
    version: 1,
    flags: {
      ...Object.fromEntries(
        Object.entries(patterns).map(([key, values]) => [key, flag(key, values)]),
      ),
      'in-segment': {
        ...flag('in-segment', []),
        rules: [
          {
            clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['s'] }],
            serve: { variation: 1 },
          },
        ],
      },
    },
    segments: {
      s: {
        key: 's',
        version: 1,
        rules: [{ clauses: [{ attribute: 'path', op: 'matches', values: segmentPatterns }] }],
      },
    },
  } as unknown as Payload
}

describe('matches in the evaluator', () => {
  it.each(HOSTILE)('finishes %j on 41 a and a !, and on 1,024 characters', (pattern) => {
    const evaluator = createEvaluator(payloadMatching({ f: [pattern] }))
    for (const path of [
      'a'.repeat(41) + '!',
      'a'.repeat(1023) + '!',
      'a'.repeat(1023) + '!a'.repeat(4000),
    ]) {
      const result = evaluator.evaluate('f', { key: 'u', path }, false)
      expect(result.reason.kind).toBe('FALLTHROUGH')
    }
    const matching = pattern.includes('b') ? 'aab' : 'aaaaaaaaaaaaaaaaaaaa'
    expect(evaluator.evaluate('f', { key: 'u', path: matching }, false).value).toBe(true)
  })

  it('serves MALFORMED_FLAG for a pattern outside the syntax, for that flag alone', () => {
    const evaluator = createEvaluator(
      payloadMatching({ back: ['ok', '(a)\\1'], ahead: ['(?=a)'], fine: ['^a'] }),
    )
    for (const key of ['back', 'ahead']) {
      expect(evaluator.evaluate(key, { key: 'u', path: 'aa' }, 'default')).toEqual({
        value: 'default',
        variationIndex: null,
        reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' },
      })
    }
    expect(evaluator.evaluate('fine', { key: 'u', path: 'aa' }, false).value).toBe(true)
  })

  it('serves MALFORMED_FLAG when the values of one clause are too large together', () => {
    const evaluator = createEvaluator(payloadMatching({ big: ['a{1500}', 'b{1500}'] }))
    expect(evaluator.evaluate('big', { key: 'u', path: 'b' }, false).reason).toEqual({
      kind: 'ERROR',
      errorKind: 'MALFORMED_FLAG',
    })
  })

  it('leaves a segment whose rule holds a refused pattern with no members', () => {
    const accepted = createEvaluator(payloadMatching({}, ['^a']))
    expect(accepted.evaluate('in-segment', { key: 'u', path: 'ab' }, false).value).toBe(true)
    const refused = createEvaluator(payloadMatching({}, ['^a', '(?<=a)b']))
    expect(refused.evaluate('in-segment', { key: 'u', path: 'ab' }, false).value).toBe(false)
  })

  it('gives a compact store the same results', () => {
    const payload = payloadMatching({ f: ['^(a+)+$'], bad: ['\\k<x>'] })
    const store = createFlagStore(payload, { holding: COMPACT_HOLDING })
    expect(store.evaluate('f', { key: 'u', path: 'a'.repeat(41) + '!' }, false).value).toBe(false)
    expect(store.evaluate('f', { key: 'u', path: 'aaa' }, false).value).toBe(true)
    expect(store.evaluate('bad', { key: 'u', path: 'x' }, false).reason).toEqual({
      kind: 'ERROR',
      errorKind: 'MALFORMED_FLAG',
    })
  })
})
