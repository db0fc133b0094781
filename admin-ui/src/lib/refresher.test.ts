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
    r.version(undefined)
    r.version(7)
    expect(load).toHaveBeenCalledTimes(1)
    r.version(7)
    expect(load).toHaveBeenCalledTimes(1)
    r.version(8)
    expect(load).toHaveBeenCalledTimes(2)
    r.stop()
  })

  it('waits for the first interval when the first load happens elsewhere', () => {
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 3000, immediate: false })
    expect(load).not.toHaveBeenCalled()
    vi.advanceTimersByTime(3000)
    expect(load).toHaveBeenCalledTimes(1)
    r.stop()
  })

  it('follows a version made of several environments joined', () => {
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 4000, immediate: false })
    r.version('3,9')
    r.version('3,9')
    expect(load).not.toHaveBeenCalled()
    r.version('3,10')
    expect(load).toHaveBeenCalledTimes(1)
    r.stop()
  })

  it('loads nothing after it stopped', () => {
    const load = vi.fn()
    const r = startRefresher({ load, intervalMs: 4000 })
    r.version(1)
    r.stop()
    vi.advanceTimersByTime(20_000)
    r.version(2)
    expect(load).toHaveBeenCalledTimes(1)
  })
})
