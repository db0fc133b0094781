import { createFlagStore, type EvaluationResult } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { refreshResults } from './flag-results.js'
import { booleanFlag, payloadOf } from './test-fakes.js'

const proRule = {
  id: 'pro',
  clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
  serve: { variation: 1 },
}

/** Flag `a` on for everyone, `b` off, `pro` on only for the plan `pro`. */
function setup() {
  const store = createFlagStore(
    payloadOf(1, { a: { on: true }, b: { on: false }, pro: { on: true, rules: [proRule] } }),
  )
  store.patch(
    {
      kind: 'flag',
      key: 'pro',
      version: 2,
      value: { ...booleanFlag('pro', true, 2, [proRule]), fallthrough: { variation: 0 } },
    },
    2,
  )
  return { store, results: new Map<string, EvaluationResult>() }
}

describe('the results the client serves', () => {
  it('evaluates every flag at first and names them all', () => {
    const { store, results } = setup()
    expect(refreshResults(results, store, { key: 'u' }, store.flagKeys())).toEqual([
      'a',
      'b',
      'pro',
    ])
    expect(results.get('a')).toMatchObject({ value: true, variationIndex: 1 })
    expect(results.get('b')).toMatchObject({ value: false, variationIndex: 0 })
    expect(results.get('pro')).toMatchObject({ value: false, variationIndex: 0 })
  })

  it('names only the flags whose value changed, and keeps the result objects of the others', () => {
    const { store, results } = setup()
    refreshResults(results, store, { key: 'u' }, store.flagKeys())
    const a = results.get('a')
    const changed = refreshResults(results, store, { key: 'u', plan: 'pro' }, store.flagKeys())
    expect(changed).toEqual(['pro'])
    expect(results.get('pro')).toMatchObject({ value: true, reason: { kind: 'RULE_MATCH' } })
    expect(results.get('a')).toBe(a)
  })

  it('holds a new reason for the same value without naming the flag', () => {
    const { store, results } = setup()
    refreshResults(results, store, { key: 'u' }, store.flagKeys())
    store.patch({ kind: 'flag', key: 'a', version: 3, value: booleanFlag('a', true, 3) }, 3)
    // The same value from a new version of the flag: nothing for subscribers to redo.
    expect(refreshResults(results, store, { key: 'u' }, ['a'])).toEqual([])
    store.patch(
      {
        kind: 'flag',
        key: 'a',
        version: 4,
        value: { ...booleanFlag('a', true, 4), targets: [{ variation: 1, values: ['u'] }] },
      },
      4,
    )
    expect(refreshResults(results, store, { key: 'u' }, ['a'])).toEqual([])
    expect(results.get('a')?.reason).toEqual({ kind: 'TARGET_MATCH' })
  })

  it('drops a flag the store no longer has, and names it once', () => {
    const { store, results } = setup()
    refreshResults(results, store, { key: 'u' }, store.flagKeys())
    store.remove({ kind: 'flag', key: 'b', version: 5 }, 5)
    expect(refreshResults(results, store, { key: 'u' }, ['b'])).toEqual(['b'])
    expect(results.has('b')).toBe(false)
    expect(refreshResults(results, store, { key: 'u' }, ['b', 'unknown'])).toEqual([])
  })
})
