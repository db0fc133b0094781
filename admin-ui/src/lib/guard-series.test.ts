import { describe, expect, it } from 'vitest'
import { cumulativeLines, MINUTE_MS } from './guard-series.js'

const t0 = Date.UTC(2026, 10, 22, 1, 0)
const row = (minute: number, variation: number, exposures: number, count: number, sum = count) => ({
  at: t0 + minute * MINUTE_MS,
  variation,
  exposures,
  count,
  sum,
})

describe('cumulativeLines', () => {
  it('accumulates a rate per variation, each point at the end of its minute', () => {
    const lines = cumulativeLines(
      [row(1, 1, 100, 4), row(0, 0, 100, 1), row(0, 1, 100, 2), row(1, 0, 300, 3)],
      'rate',
      t0 + 10 * MINUTE_MS,
    )
    expect(lines).toEqual([
      {
        variation: 0,
        points: [
          { at: t0 + MINUTE_MS, value: 0.01, samples: 100 },
          { at: t0 + 2 * MINUTE_MS, value: 0.01, samples: 400 },
        ],
      },
      {
        variation: 1,
        points: [
          { at: t0 + MINUTE_MS, value: 0.02, samples: 100 },
          { at: t0 + 2 * MINUTE_MS, value: 0.03, samples: 200 },
        ],
      },
    ])
  })

  it('takes a mean over events, not exposures, and skips minutes with none yet', () => {
    const [line] = cumulativeLines(
      [row(0, 1, 50, 0, 0), row(1, 1, 50, 2, 300), row(2, 1, 50, 2, 100)],
      'mean',
      t0 + 10 * MINUTE_MS,
    )
    expect(line?.points).toEqual([
      { at: t0 + 2 * MINUTE_MS, value: 150, samples: 2 },
      { at: t0 + 3 * MINUTE_MS, value: 100, samples: 4 },
    ])
  })

  it('puts the minute under way at now, not in the future', () => {
    const now = t0 + 20_000
    const [line] = cumulativeLines([row(0, 0, 10, 1)], 'rate', now)
    expect(line?.points[0]?.at).toBe(now)
  })

  it('leaves out a variation without a single sample', () => {
    expect(cumulativeLines([row(0, 2, 0, 0)], 'rate', t0 + MINUTE_MS)).toEqual([])
  })
})
