import { describe, expect, it } from 'vitest'
import { chartLayout, formatMetric, niceStep, pointTitle } from './guard-chart.js'
import { MINUTE_MS } from './guard-series.js'

const t0 = Date.UTC(2026, 10, 22, 1, 0)
const frame = { width: 500, height: 240, margin: { top: 20, right: 20, bottom: 40, left: 80 } }

describe('formatMetric', () => {
  it('shows a rate as a percentage and a mean as a number, about three digits', () => {
    expect(formatMetric('rate', 0.0123)).toBe('1.23 %')
    expect(formatMetric('rate', 0.02)).toBe('2 %')
    expect(formatMetric('rate', 0.000456)).toBe('0.0456 %')
    expect(formatMetric('mean', 153.456)).toBe('153')
    expect(formatMetric('mean', 12.5)).toBe('12.5')
    expect(formatMetric('mean', 0)).toBe('0')
    expect(formatMetric('mean', Number.NaN)).toBe('–')
  })
})

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(0.021, 4)).toBe(0.01)
    expect(niceStep(730, 4)).toBe(200)
    expect(niceStep(0, 4)).toBe(1)
  })
})

describe('chartLayout', () => {
  const lines = [
    {
      variation: 0,
      points: [
        { at: t0 + MINUTE_MS, value: 0.01, samples: 100 },
        { at: t0 + 2 * MINUTE_MS, value: 0.01, samples: 200 },
      ],
    },
    { variation: 1, points: [{ at: t0 + 2 * MINUTE_MS, value: 0.02, samples: 100 }] },
  ]
  const layout = chartLayout(lines, {
    kind: 'rate',
    since: t0,
    trippedAt: t0 + MINUTE_MS + 30_000,
    frame,
  })

  it('spans the window from its start to the last figure, values from 0 up', () => {
    // x: t0 at the left edge (80), t0 + 2 min at the right edge (480); y: 0 at the bottom
    // (200), and 2.5 % at the top (20): the largest value, 2 %, with a little headroom.
    expect(layout.lines[0]?.path).toBe('M280,128 L480,128')
    expect(layout.lines[1]?.points).toMatchObject([{ x: 480, y: 56, value: 0.02 }])
    expect(layout.plot).toEqual({ left: 80, right: 480, top: 20, bottom: 200 })
  })

  it('marks the moment the guard tripped on the time axis', () => {
    expect(layout.trip).toEqual({ x: 380, label: 'tripped 01:01:30' })
    expect(chartLayout(lines, { kind: 'rate', since: t0, trippedAt: null, frame }).trip).toBe(
      undefined,
    )
  })

  it('labels round ticks on both axes', () => {
    expect(layout.yTicks.map((t) => t.label)).toEqual([
      '0 %',
      '0.5 %',
      '1 %',
      '1.5 %',
      '2 %',
      '2.5 %',
    ])
    expect(layout.yTicks[0]?.y).toBe(200)
    expect(layout.xTicks.map((t) => t.label)).toEqual(['01:00', '01:01', '01:02'])
  })

  it('draws an empty window without dividing by zero', () => {
    const empty = chartLayout([], { kind: 'mean', since: t0, trippedAt: null, frame })
    expect(empty.lines).toEqual([])
    expect(empty.yTicks.every((t) => Number.isFinite(t.y))).toBe(true)
    expect(empty.xTicks[0]).toEqual({ x: 80, label: '01:00' })
  })
})

describe('pointTitle', () => {
  it('says a point’s figure, time and what it rests on', () => {
    expect(pointTitle({ kind: 'rate' }, 'true', { at: t0, value: 0.021, samples: 1200 })).toBe(
      'Variation true: 2.1 % at 01:00 UTC, over 1,200 exposures',
    )
  })
})
