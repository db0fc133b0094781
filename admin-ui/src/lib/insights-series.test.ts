import { describe, expect, it } from 'vitest'
import {
  cumulativeValues,
  denseSeries,
  formatAgo,
  formatDuration,
  formatPercent,
} from './insights-series.js'

const DAY = 24 * 60 * 60 * 1000

describe('denseSeries', () => {
  it('fills the days without exposures with zeros, oldest first', () => {
    const answer = { step: 'day' as const, from: 10 * DAY, to: 12 * DAY + 5 }
    const flag = { variations: 2, series: [{ at: 11 * DAY, counts: [3, 4] }] }
    expect(denseSeries(answer, flag)).toEqual([
      { at: 10 * DAY, counts: [0, 0] },
      { at: 11 * DAY, counts: [3, 4] },
      { at: 12 * DAY, counts: [0, 0] },
    ])
  })
})

describe('cumulativeValues', () => {
  it('gives each variation its rate so far, null before its first exposure', () => {
    const series = [
      { at: 1, variation: 0, exposures: 10, count: 1, sum: 1 },
      { at: 2, variation: 0, exposures: 10, count: 3, sum: 3 },
      { at: 2, variation: 1, exposures: 20, count: 2, sum: 2 },
    ]
    const result = cumulativeValues({ series, kind: 'rate', variations: [{}, {}] as never })
    expect(result).toEqual({
      at: [1, 2],
      values: [
        [0.1, 0.2],
        [null, 0.1],
      ],
    })
  })

  it('averages the values of a mean metric', () => {
    const series = [
      { at: 1, variation: 0, exposures: 5, count: 2, sum: 30 },
      { at: 2, variation: 0, exposures: 5, count: 1, sum: 0 },
    ]
    expect(cumulativeValues({ series, kind: 'mean', variations: [{}] as never }).values).toEqual([
      [15, 10],
    ])
  })
})

describe('formats', () => {
  it('says percentages, durations and ages in a person’s words', () => {
    expect(formatPercent(0.1234)).toBe('12.3 %')
    expect(formatPercent(null)).toBe('–')
    expect(formatDuration(45 * 60_000)).toBe('45 min')
    expect(formatDuration(3.5 * 3_600_000)).toBe('3.5 h')
    expect(formatDuration(3 * DAY)).toBe('3.0 d')
    expect(formatAgo(null, 0)).toBe('never')
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 h ago')
    expect(formatAgo(0, 12 * DAY)).toBe('12 d ago')
  })
})
