import { describe, expect, it } from 'vitest'
import { createEventAggregator } from './event-aggregator.js'
import { eventBatchSchema } from './event-batch-schema.js'

describe('createEventAggregator', () => {
  it('aggregates exposures and metric events per flag and variation', () => {
    const events = createEventAggregator()
    events.exposure('a', 1)
    events.exposure('a', 1)
    events.exposure('a', 0)
    events.metric('latency', 'a', 1, 100)
    events.metric('latency', 'a', 1, 300)
    events.metric('errors', 'a', 0)
    const batch = events.drain(2000, 'batch-0001')!
    expect(batch.exposures).toEqual([
      { flag: 'a', variation: 0, count: 1 },
      { flag: 'a', variation: 1, count: 2 },
    ])
    expect(batch.metrics).toEqual([
      { metric: 'latency', flag: 'a', variation: 1, count: 2, sum: 400, sumSquares: 100_000 },
      { metric: 'errors', flag: 'a', variation: 0, count: 1, sum: 0, sumSquares: 0 },
    ])
    expect(eventBatchSchema.safeParse(batch).success).toBe(true)
  })

  it('starts afresh after a drain, and drains nothing when empty', () => {
    const events = createEventAggregator()
    expect(events.drain(1, 'batch-0001')).toBeUndefined()
    events.exposure('a', 1)
    events.drain(1000, 'batch-0002')
    expect(events.isEmpty).toBe(true)
    events.exposure('a', 1)
    expect(events.drain(3000, 'batch-0003')).toMatchObject({
      startedAt: 1000,
      endedAt: 3000,
      exposures: [{ flag: 'a', variation: 1, count: 1 }],
    })
  })

  it('drops and counts what exceeds its bound instead of growing', () => {
    const events = createEventAggregator({ maxEntries: 2 })
    events.exposure('a', 0)
    events.exposure('b', 0)
    events.exposure('c', 0)
    events.metric('m', 'a', 0)
    events.exposure('a', 1)
    const batch = events.drain(1, 'batch-0001')!
    expect(batch.dropped).toBe(2)
    expect(batch.exposures.map((e) => e.flag)).toEqual(['a', 'a', 'b'])
  })

  it('never reports more events of a variation than exposures of it, which the server refuses', () => {
    const events = createEventAggregator()
    events.exposure('a', 1)
    events.drain(1, 'batch-0001')
    // Evaluated in the last batch, tracked in this one: the event stands for an exposure.
    events.metric('errors', 'a', 1)
    events.metric('errors', 'a', 1)
    events.metric('latency', 'a', 1, 5)
    events.exposure('a', 0)
    const batch = events.drain(2, 'batch-0002')!
    expect(batch.exposures).toEqual([
      { flag: 'a', variation: 0, count: 1 },
      { flag: 'a', variation: 1, count: 2 },
    ])
    expect(eventBatchSchema.safeParse(batch).success).toBe(true)
  })

  it('drops an event whose exposure it has no room for, rather than send an implausible batch', () => {
    const events = createEventAggregator({ maxEntries: 1 })
    events.exposure('a', 0)
    events.metric('errors', 'b', 0)
    const batch = events.drain(1, 'batch-0001')!
    expect(batch.metrics).toEqual([])
    expect(batch.dropped).toBe(1)
    expect(eventBatchSchema.safeParse(batch).success).toBe(true)
  })
})
