import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { GuardedMetricsField } from './GuardedMetricsField.js'

const render = (metrics: string[], guarded: string[]) =>
  renderToStaticMarkup(
    <GuardedMetricsField id="cfg" metrics={metrics} guarded={guarded} onChange={() => {}} />,
  )

describe('GuardedMetricsField', () => {
  it('warns when a guarded metric is missing from the flag’s metrics', () => {
    expect(render(['latency'], ['errors'])).toContain(
      'errors is guarded: without it here the SDKs stop reporting it',
    )
    expect(render(['latency'], ['errors', 'checkout'])).toContain('errors, checkout are guarded')
  })

  it('says nothing while every guarded metric is kept', () => {
    expect(render(['errors', 'latency'], ['errors'])).not.toContain('guarded:')
  })
})
