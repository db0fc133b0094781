import { describe, expect, it } from 'vitest'
import { createClient, type Flag } from './index.js'
import { payloadOf } from '../../tests/sdk-node/fixtures.js'

function served(key: string, value: Flag['variations'][number]): Flag {
  return {
    key,
    version: 1,
    enabled: true,
    variations: [value],
    offVariation: 0,
    fallthrough: { variation: 0 },
  }
}

const client = createClient({
  offline: true,
  bootstrap: payloadOf(1, [
    served('bool', true),
    served('str', 'green'),
    served('num', 42),
    served('obj', { columns: 3 }),
    served('arr', [1, 2]),
    {
      ...served('split', false),
      variations: [false, true],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 50000 },
            { variation: 1, weight: 50000 },
          ],
        },
      },
    },
  ]),
})
const ctx = { key: 'user-1' }
const WRONG_TYPE = { kind: 'ERROR', errorKind: 'WRONG_TYPE' }

describe('typed getters', () => {
  it('serve values of their type', () => {
    expect(client.boolVariation('bool', ctx, false)).toBe(true)
    expect(client.stringVariation('str', ctx, 'blue')).toBe('green')
    expect(client.numberVariation('num', ctx, 1)).toBe(42)
    expect(client.jsonVariation('obj', ctx, {})).toEqual({ columns: 3 })
    expect(client.jsonVariation('arr', ctx, [])).toEqual([1, 2])
    expect(client.boolVariationDetail('bool', ctx, false)).toEqual({
      value: true,
      variationIndex: 0,
      reason: { kind: 'FALLTHROUGH' },
    })
  })

  it.each([
    ['boolVariationDetail', 'str', false],
    ['stringVariationDetail', 'num', 'blue'],
    ['numberVariationDetail', 'bool', 7],
    ['jsonVariationDetail', 'str', { a: 1 }],
  ] as const)('%s on %s serves the default with WRONG_TYPE', (getter, flag, fallback) => {
    const detail = (client[getter] as (k: string, c: object, d: unknown) => unknown)(
      flag,
      ctx,
      fallback,
    )
    expect(detail).toEqual({ value: fallback, variationIndex: null, reason: WRONG_TYPE })
  })

  it('serve the default with the evaluation error when there is one', () => {
    expect(client.stringVariationDetail('missing', ctx, 'blue')).toEqual({
      value: 'blue',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' },
    })
  })

  it('never throw, whatever they are given', () => {
    const c = client as unknown as Record<string, (...args: unknown[]) => unknown>
    for (const name of ['isEnabled', 'variation', 'variationDetail', 'boolVariation', 'allFlags']) {
      expect(() => c[name]!(undefined, null, undefined)).not.toThrow()
      expect(() => c[name]!(42, 'not a context', Symbol('x'))).not.toThrow()
    }
    const hostile = Object.defineProperty({}, 'key', {
      get() {
        throw new Error('boom')
      },
    })
    expect(client.variationDetail('split', hostile, 'dflt')).toEqual({
      value: 'dflt',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' },
    })
  })

  it('allFlags serves every flag for the context', () => {
    expect(client.allFlags(ctx)).toEqual({
      bool: true,
      str: 'green',
      num: 42,
      obj: { columns: 3 },
      arr: [1, 2],
      split: client.variation('split', ctx, null),
    })
    expect(typeof client.allFlags(ctx).split).toBe('boolean')
  })
})
