import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startRefresher } from './refresher.js'

describe('startRefresher', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('loads at once, then every interval while the page is visible', () => {
    let visible = true
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 4000, isVisible: () => visible })
    expect(load).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(8000)
    expect(load).toHaveBeenCalledTimes(3)
    visible = false
    vi.advanceTimersByTime(8000)
    expect(load).toHaveBeenCalledTimes(3)
    r.stop()
  })

  it('loads at once when the stream brings a new version of the flag, not on the first', () => {
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 4000 })
    r.flagVersion(undefined)
    r.flagVersion(7)
    expect(load).toHaveBeenCalledTimes(1)
    r.flagVersion(7)
    expect(load).toHaveBeenCalledTimes(1)
    r.flagVersion(8)
    expect(load).toHaveBeenCalledTimes(2)
    r.stop()
  })

  it('loads nothing after it stopped', () => {
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 4000 })
    r.flagVersion(1)
    r.stop()
    vi.advanceTimersByTime(20_000)
    r.flagVersion(2)
    expect(load).toHaveBeenCalledTimes(1)
  })
})
