import { describe, expect, it } from 'vitest'
import { createBackoff } from './backoff.js'

const noon = () => 0

describe('createBackoff', () => {
  it('doubles from 1 s up to the 30 s cap without jitter', () => {
    const backoff = createBackoff(() => 0, noon)
    const delays = Array.from({ length: 8 }, () => backoff.delay())
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
  })

  it('takes other first and longest delays', () => {
    const backoff = createBackoff(() => 0, noon, 40, 100)
    expect(Array.from({ length: 4 }, () => backoff.delay())).toEqual([40, 80, 100, 100])
  })

  it('uses 1 s, 30 s and half of each delay as jitter by default', () => {
    const backoff = createBackoff(() => 0.999999, noon)
    const delays = Array.from({ length: 7 }, () => backoff.delay())
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000])
  })

  it('takes up to `jitter` of each delay off at random', () => {
    expect(createBackoff(() => 0.5, noon).delay()).toBe(750)
    expect(createBackoff(() => 0.5, noon, 1000, 30_000, 0.2).delay()).toBe(900)
  })

  it('starts over after a connection that stayed up a healthy minute, not a shorter one', () => {
    let t = 0
    const backoff = createBackoff(
      () => 0,
      () => t,
    )
    backoff.delay()
    backoff.delay()
    backoff.opened()
    t = 59_999
    backoff.failed()
    expect(backoff.delay()).toBe(4000)
    backoff.opened()
    t += 60_000
    backoff.failed()
    expect(backoff.delay()).toBe(1000)
    // A failure without an opening in between does not count the old opening again.
    backoff.failed()
    expect(backoff.delay()).toBe(2000)
  })

  it('spreads many clients over the whole jitter range', () => {
    let seed = 42
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const firsts = Array.from({ length: 200 }, () => createBackoff(random, noon).delay())
    expect(Math.min(...firsts)).toBeLessThan(600)
    expect(Math.max(...firsts)).toBeGreaterThan(900)
    expect(new Set(firsts).size).toBeGreaterThan(150)
  })
})
