import { describe, expect, it } from 'vitest'
import { missingGuardedMetrics } from './guarded-metrics.js'

describe('missingGuardedMetrics', () => {
  it('names each guarded metric the list lost, once', () => {
    expect(
      missingGuardedMetrics(['latency-ms'], ['checkout-error', 'latency-ms', 'checkout-error']),
    ).toEqual(['checkout-error'])
    expect(missingGuardedMetrics(undefined, ['checkout-error'])).toEqual(['checkout-error'])
    expect(missingGuardedMetrics(['a', 'b'], ['b'])).toEqual([])
  })
})
