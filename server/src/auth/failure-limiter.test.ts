import { describe, expect, it } from 'vitest'
import { createFailureLimiter } from './failure-limiter.js'

describe('the failed-authentication limiter', () => {
  it('blocks an address past 20 failures in a minute, and only that address', () => {
    const clock = { now: 0 }
    const limiter = createFailureLimiter({ now: () => clock.now })
    for (let i = 0; i < 20; i++) limiter.fail('10.0.0.1')
    expect(limiter.blocked('10.0.0.1')).toBe(false)
    limiter.fail('10.0.0.1')
    expect(limiter.blocked('10.0.0.1')).toBe(true)
    expect(limiter.blocked('10.0.0.2')).toBe(false)
    expect(limiter.retryAfter('10.0.0.1')).toBe(60)
    clock.now = 60_001
    expect(limiter.blocked('10.0.0.1')).toBe(false)
  })

  it('forgets the oldest address beyond its capacity', () => {
    const limiter = createFailureLimiter({ now: () => 0, limit: 0, maxAddresses: 2 })
    for (const a of ['a', 'b', 'c']) limiter.fail(a)
    expect(['a', 'b', 'c'].map((a) => limiter.blocked(a))).toEqual([false, true, true])
  })
})
