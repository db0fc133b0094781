import { afterEach, describe, expect, it, vi } from 'vitest'
import { closeAtExpiry } from './stream.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('a stream whose token or session expires', () => {
  it('closes at the expiry, also one past the longest timer, and not once stopped', () => {
    vi.useFakeTimers()
    const start = Date.now()
    const closed: string[] = []
    closeAtExpiry(start + 5_000, Date.now, () => closed.push('soon'))
    closeAtExpiry(start + 30 * 86_400_000, Date.now, () => closed.push('in a month'))
    const stop = closeAtExpiry(start + 5_000, Date.now, () => closed.push('stopped'))
    closeAtExpiry(null, Date.now, () => closed.push('never'))
    stop()
    vi.advanceTimersByTime(4_999)
    expect(closed).toEqual([])
    vi.advanceTimersByTime(1)
    expect(closed).toEqual(['soon'])
    vi.advanceTimersByTime(30 * 86_400_000 - 5_001)
    expect(closed).toEqual(['soon'])
    vi.advanceTimersByTime(1)
    expect(closed).toEqual(['soon', 'in a month'])
  })

  it('closes at once when already past', () => {
    const closed: boolean[] = []
    closeAtExpiry(Date.now() - 1, Date.now, () => closed.push(true))
    expect(closed).toEqual([true])
  })
})
