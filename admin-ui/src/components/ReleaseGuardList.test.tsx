import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { GuardStatus } from '../lib/guard-model.js'
import { ReleaseGuardList } from './ReleaseGuardList.js'

const guard = {
  metric: 'errors',
  kind: 'rate',
  state: 'waiting',
  minSamples: 200,
  control: 0,
  variations: [
    { variation: 0, exposures: 900, count: 9, value: 0.01 },
    { variation: 1, exposures: 40, count: 1, value: 0.025 },
  ],
} as unknown as GuardStatus

describe('ReleaseGuardList', () => {
  it('shows each guard’s state and samples against the step’s need', () => {
    const html = renderToStaticMarkup(
      <ReleaseGuardList
        guards={[guard]}
        step={{ percent: 1, holdSeconds: 60, approval: false, minSamples: 500 }}
        variations={[false, true]}
      />,
    )
    expect(html).toContain('<code>errors</code>')
    expect(html).toContain('Waiting')
    expect(html).toContain('40 of 500 samples in the smaller arm')
  })

  it('says when no guard watches the flag', () => {
    const html = renderToStaticMarkup(
      <ReleaseGuardList guards={[]} step={undefined} variations={[false, true]} />,
    )
    expect(html).toContain('No guards watch this flag')
  })
})
