import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { EvaluationVectors } from '@andon/core'
import { createClient } from './index.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../spec/vectors/evaluation.json', import.meta.url), 'utf8'),
) as EvaluationVectors

describe('the shared evaluation vectors through the SDK', () => {
  const client = createClient({ offline: true, bootstrap: vectors.payload })

  it('has cases to run and serves them from the bootstrap', async () => {
    expect(vectors.cases.length).toBeGreaterThan(100)
    expect(await client.ready()).toBe(true)
    expect(client.status()).toBe('ready')
  })

  // The vectors are the evaluator's, whose default takes any type: a `null` default asks the
  // SDK for the same (variationDetail is typed by a non-null default), and a default served
  // is the case's.
  it.each(vectors.cases)('$name', (c) => {
    const held = client.variationDetail(c.flag, c.context, null)
    const result = held.variationIndex === null ? { ...held, value: c.default } : held
    expect(result.value).toEqual(c.expect.value)
    expect(result.variationIndex).toBe(c.expect.variationIndex)
    for (const [field, value] of Object.entries(c.expect.reason)) {
      expect(result.reason[field as keyof typeof result.reason]).toEqual(value)
    }
  })

  it('gives isEnabled and variation the values of variationDetail', () => {
    for (const c of vectors.cases) {
      const detail = client.variationDetail(c.flag, c.context, c.default)
      expect(client.variation(c.flag, c.context, c.default)).toEqual(detail.value)
      expect(client.isEnabled(c.flag, c.context)).toBe(
        client.variationDetail(c.flag, c.context, false).value === true,
      )
    }
  })
})
