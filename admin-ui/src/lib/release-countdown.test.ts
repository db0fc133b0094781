import { describe, expect, it } from 'vitest'
import { clockText, holdLeftText } from './release-countdown.js'

describe('release countdown', () => {
  it('says the time left as a clock, rounded up to the second', () => {
    expect(clockText(598_001)).toBe('9:59')
    expect(clockText(59_000)).toBe('0:59')
    expect(clockText(3_723_000)).toBe('1:02:03')
    expect(clockText(-5)).toBe('0:00')
  })

  it('counts down only while the plan runs', () => {
    const holdEndsAt = 1_000_000
    expect(holdLeftText({ status: 'running', holdEndsAt }, holdEndsAt - 90_000)).toBe(
      '1:30 left in the hold',
    )
    expect(holdLeftText({ status: 'running', holdEndsAt }, holdEndsAt + 1)).toMatch(/^Hold over/)
    expect(holdLeftText({ status: 'paused', holdEndsAt }, 0)).toBe(
      'Hold stopped: it starts over on resume',
    )
    expect(holdLeftText({ status: 'awaiting-approval', holdEndsAt }, 0)).toBeUndefined()
    expect(holdLeftText({ status: 'aborted', holdEndsAt }, 0)).toBeUndefined()
  })
})
