import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { FlagStatusCard } from './FlagStatusCard.js'

const render = (over: Partial<Parameters<typeof FlagStatusCard>[0]> = {}) =>
  renderToStaticMarkup(
    <FlagStatusCard
      id="cfg-production"
      flagKey="checkout"
      env="production"
      enabled={false}
      version={7}
      streamStatus="open"
      liveUpdate={undefined}
      onSwitch={() => {}}
      {...over}
    />,
  )

describe('FlagStatusCard', () => {
  it('shows the switch and the state it is in', () => {
    const html = render()
    expect(html).toContain('role="switch" aria-checked="false" aria-label="checkout in production"')
    expect(html).toContain('Off in production</h2>')
    expect(html).toContain('Version 7 · following live changes')
    expect(html).not.toContain('Updated live')
  })

  it('says when the version shown was saved elsewhere, and when the stream reconnects', () => {
    const html = render({ enabled: true, liveUpdate: 8, streamStatus: 'retrying' })
    expect(html).toContain('On in production</h2>')
    expect(html).toContain('Updated live: version 8 was saved elsewhere.')
    expect(html).toContain('reconnecting…')
  })
})
