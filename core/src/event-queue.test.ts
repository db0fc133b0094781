import { describe, expect, it } from 'vitest'
import { eventsIn, isRetryable } from './event-queue.js'

describe('the rules of queued event batches', () => {
  it('count every event a batch stands for', () => {
    const batch = {
      id: 'b',
      startedAt: 0,
      endedAt: 1,
      exposures: [
        { flag: 'a', variation: 0, count: 3 },
        { flag: 'a', variation: 1, count: 2 },
      ],
      metrics: [{ metric: 'm', flag: 'a', variation: 1, count: 4, sum: 0, sumSquares: 0 }],
      dropped: 7,
    }
    expect(eventsIn(batch)).toBe(16)
  })

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [413, false],
    [202, false],
  ])('retry a post answered %i: %s', (status, retry) => {
    expect(isRetryable(status)).toBe(retry)
  })
})
