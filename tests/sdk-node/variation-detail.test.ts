// The shared variationDetail cases (tests/sdk-cases) through the Node SDK.
import { describe, expect, it } from 'vitest'
import { createClient, type JsonValue } from '@andon/sdk-node'
import {
  CASES_CONTEXT,
  CASES_PAYLOAD,
  ODD_CALLS,
  VARIATION_DETAIL_CASES,
} from '../sdk-cases/variation-detail.js'

const client = createClient({ offline: true, bootstrap: CASES_PAYLOAD })

describe('variationDetail in the Node SDK', () => {
  it.each(VARIATION_DETAIL_CASES)('$name', (c) => {
    expect(client.variationDetail(c.flag, CASES_CONTEXT, c.default)).toEqual(c.expect)
    expect(client.variation(c.flag, CASES_CONTEXT, c.default)).toEqual(c.expect.value)
  })

  it.each(ODD_CALLS)('never throws, given %s and %s', (key, fallback) => {
    const call = () =>
      client.variationDetail(key as string, CASES_CONTEXT, fallback as unknown as JsonValue)
    expect(call).not.toThrow()
    expect(call().variationIndex === null || typeof call().variationIndex === 'number').toBe(true)
  })
})
