import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  COMPACT_HOLDING,
  createEvaluator,
  createFlagStore,
  evaluate,
  type EvaluationVectors,
} from './index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../spec/vectors/evaluation.json', import.meta.url), 'utf8'),
) as EvaluationVectors

describe('the shared evaluation vectors', () => {
  const evaluator = createEvaluator(vectors.payload)

  it('has cases to run', () => {
    expect(vectors.cases.length).toBeGreaterThan(100)
  })

  it.each(vectors.cases)('$name', (c) => {
    const result = evaluator.evaluate(c.flag, c.context, c.default)
    expect(result.value).toEqual(c.expect.value)
    expect(result.variationIndex).toBe(c.expect.variationIndex)
    expect(result.variationName).toBe(c.expect.variationName)
    expect(result.reason).toMatchObject(c.expect.reason)
  })

  it('gives the same results from a store holding flags compactly', () => {
    const store = createFlagStore(vectors.payload, { holding: COMPACT_HOLDING })
    for (const c of vectors.cases) {
      expect([c.name, store.evaluate(c.flag, c.context, c.default)]).toEqual([
        c.name,
        evaluator.evaluate(c.flag, c.context, c.default),
      ])
    }
  })

  it('gives the same results one-shot as through a kept evaluator', () => {
    for (const c of vectors.cases.slice(0, 300)) {
      expect(evaluate(vectors.payload, c.flag, c.context, c.default)).toEqual(
        evaluator.evaluate(c.flag, c.context, c.default),
      )
    }
  })
})
