import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { GuardStatus } from '../lib/guard-model.js'
import { GuardCard } from './GuardCard.js'

const since = Date.UTC(2026, 10, 22, 1, 0)
const minute = 60_000
const tripped: GuardStatus = {
  metric: 'checkout-error',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  control: 0,
  action: 'disable',
  alpha: 0.05,
  state: 'tripped',
  since,
  sources: { clientSources: 0, serverKeys: true, leftOut: null },
  trippedAt: since + minute + 15_000,
  variations: [
    { variation: 0, exposures: 2000, count: 20, sum: 20, sumSquares: 20, value: 0.01 },
    { variation: 1, exposures: 2000, count: 80, sum: 80, sumSquares: 80, value: 0.04 },
  ],
  comparisons: [
    { variation: 1, excess: 0.03, likelihoodRatio: 1234.5, bound: 20, regression: true },
  ],
  series: [
    { at: since, variation: 0, exposures: 1000, count: 10, sum: 10 },
    { at: since, variation: 1, exposures: 1000, count: 30, sum: 30 },
    { at: since + minute, variation: 0, exposures: 1000, count: 10, sum: 10 },
    { at: since + minute, variation: 1, exposures: 1000, count: 50, sum: 50 },
  ],
}

function render(guard: GuardStatus) {
  return renderToStaticMarkup(
    <GuardCard id="g0" guard={guard} variations={[false, true]} now={since + 10 * minute} />,
  )
}

describe('GuardCard', () => {
  it('shows a tripped guard, when it tripped, and a marker on the chart', () => {
    const html = render(tripped)
    expect(html).toContain('class="badge badge-tripped" data-testid="guard-state">Tripped<')
    expect(html).toContain('at 2026-11-22 01:01:15 UTC: the guard switched the flag off.')
    expect(html).toContain('data-testid="trip-marker"')
    expect(html).toContain('>tripped 01:01:15</text>')
  })

  it('draws a line per variation, the control dashed, with an accessible description', () => {
    const html = render(tripped)
    expect(html.match(/<path d="M[^"]+ L[^"]+"/g)).toHaveLength(2)
    expect(html).toContain('class="series series-0 series-control"')
    expect(html).toContain('role="img" aria-labelledby="g0-chart-title g0-chart-desc"')
    expect(html).toContain('Latest: variation false: 1 %; variation true: 4 %.')
  })

  it('lists the figures per variation and the evidence against control', () => {
    const html = render(tripped)
    expect(html).toContain('<td>2,000</td><td>80</td><td>4 %</td><td>+3 %</td>')
    expect(html).toContain('1,235 ≥ 20: regression')
    expect(html).toContain('<tr class="regression">')
  })

  it('has no trip marker while watching', () => {
    const html = render({ ...tripped, state: 'watching', trippedAt: null, comparisons: [] })
    expect(html).toContain('badge-watching')
    expect(html).not.toContain('trip-marker')
  })

  it('writes no style attribute, which the CSP forbids', () => {
    expect(render(tripped)).not.toMatch(/\sstyle=/)
  })
})
