import { describe, expect, it, vi } from 'vitest'
import type { ReleaseEvent } from './release-model.js'
import { startReleaseTicker } from './ticker.js'

const event: ReleaseEvent = {
  flag: 'checkout',
  environment: 'production',
  kind: 'step',
  step: 1,
  percent: 5,
  reason: null,
  at: 0,
}

describe('the release ticker', () => {
  it('advances plans on every tick, tells each move, and stops when asked', async () => {
    vi.useFakeTimers()
    try {
      const advanceReleases = vi.fn(async () => [event])
      const told: string[] = []
      const stop = startReleaseTicker(
        { advanceReleases },
        (p) => told.push(p.text),
        () => {},
        1000,
      )
      await vi.advanceTimersByTimeAsync(3000)
      expect(advanceReleases).toHaveBeenCalledTimes(3)
      expect(told).toEqual(Array(3).fill(':arrow_up: `checkout` in production: step 2, 5 %.'))
      stop()
      await vi.advanceTimersByTimeAsync(5000)
      expect(advanceReleases).toHaveBeenCalledTimes(3)
    } finally {
      vi.useRealTimers()
    }
  })

  it('logs a failed tick and goes on', async () => {
    vi.useFakeTimers()
    try {
      let calls = 0
      const errors: unknown[] = []
      const stop = startReleaseTicker(
        {
          advanceReleases: async () => {
            calls++
            if (calls === 1) throw new Error('disk full')
            return []
          },
        },
        () => {},
        (e) => errors.push(e),
        1000,
      )
      await vi.advanceTimersByTimeAsync(2000)
      expect(calls).toBe(2)
      expect(errors).toHaveLength(1)
      stop()
    } finally {
      vi.useRealTimers()
    }
  })
})
