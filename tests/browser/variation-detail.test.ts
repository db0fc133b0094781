// The shared variationDetail cases (tests/sdk-cases) through the browser SDK, driven in
// Node from a bootstrap, with no network and no storage.
import { describe, expect, it } from 'vitest'
import { createBrowserClient, type JsonValue } from '@andon/sdk-browser'
import {
  CASES_CONTEXT,
  CASES_PAYLOAD,
  ODD_CALLS,
  VARIATION_DETAIL_CASES,
} from '../sdk-cases/variation-detail.js'

const client = createBrowserClient({
  baseUrl: 'http://unused',
  clientKey: 'cli_unused',
  bootstrap: CASES_PAYLOAD,
  context: CASES_CONTEXT,
  storage: null,
  connect: false,
})

describe('variationDetail in the browser SDK', () => {
  it.each(VARIATION_DETAIL_CASES)('$name', (c) => {
    expect(client.variationDetail(c.flag, c.default)).toEqual(c.expect)
    expect(client.variation(c.flag, c.default)).toEqual(c.expect.value)
  })

  it.each(ODD_CALLS)('never throws, given %s and %s', (key, fallback) => {
    const call = () => client.variationDetail(key as string, fallback as unknown as JsonValue)
    expect(call).not.toThrow()
    expect(call().variationIndex === null || typeof call().variationIndex === 'number').toBe(true)
  })
})
