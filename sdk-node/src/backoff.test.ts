import { describe, expect, it } from 'vitest'
import { createBackoff } from './backoff.js'

const settings = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000, jitter: 0.5 }

describe('createBackoff', () => {
  it('doubles from 1 s up to the 30 s cap without jitter', () => {
    const backoff = createBackoff(settings, () => 0)
    const delays = Array.from({ length: 8 }, () => backoff.next())
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
  })

  it('takes up to half of each delay off at random', () => {
    const backoff = createBackoff(settings, () => 0.999999)
    expect(backoff.next()).toBe(500)
    expect(backoff.next()).toBe(1000)
    const mid = createBackoff(settings, () => 0.5)
    expect(mid.next()).toBe(750)
  })

  it('starts over after reset', () => {
    const backoff = createBackoff(settings, () => 0)
    backoff.next()
    backoff.next()
    backoff.next()
    backoff.reset()
    expect(backoff.next()).toBe(1000)
  })

  it('spreads many clients over the whole jitter range', () => {
    let seed = 42
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const firsts = Array.from({ length: 200 }, () => createBackoff(settings, random).next())
    expect(Math.min(...firsts)).toBeLessThan(600)
    expect(Math.max(...firsts)).toBeGreaterThan(900)
    expect(new Set(firsts).size).toBeGreaterThan(150)
  })
})
