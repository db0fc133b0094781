import { describe, expect, it } from 'vitest'
import { bucketOf, createFailureLimiter } from './failure-limiter.js'

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
    const limiter = createFailureLimiter({ now: () => 0, limit: 0, maxSources: 2 })
    for (const a of ['a', 'b', 'c']) limiter.fail(a)
    expect(['a', 'b', 'c'].map((a) => limiter.blocked(a))).toEqual([false, true, true])
  })

  it('says at least one second in Retry-After while blocked', () => {
    const clock = { now: 0 }
    const limiter = createFailureLimiter({ now: () => clock.now, limit: 0 })
    limiter.fail('10.0.0.1')
    clock.now = 59_999
    expect(limiter.blocked('10.0.0.1')).toBe(true)
    expect(limiter.retryAfter('10.0.0.1')).toBe(1)
  })

  it('counts the addresses of one IPv6 /64 together, and IPv4 addresses alone', () => {
    expect(bucketOf('2001:db8:1:2::7')).toBe('2001:db8:1:2::/64')
    expect(bucketOf('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64')
    expect(bucketOf('1::2:3:4:5:6:7')).toBe('1:0:2:3::/64')
    expect(bucketOf('64:ff9b::1.2.3.4')).toBe('64:ff9b:0:0::/64')
    expect(bucketOf('10.0.0.1')).toBe('10.0.0.1')
    const limiter = createFailureLimiter({ now: () => 0, limit: 1 })
    limiter.fail('2001:db8:1:2::7')
    limiter.fail('2001:db8:1:2::8')
    expect(limiter.blocked('2001:db8:1:2::9')).toBe(true)
    expect(limiter.blocked('2001:db8:1:3::9')).toBe(false)
  })
})
