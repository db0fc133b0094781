import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { rampServe } from '../lib/rollout.js'
import { ServeEditor } from './ServeEditor.js'

function render(serve = rampServe(1, 0, 25000), saved = rampServe(1, 0, 10000)) {
  return renderToStaticMarkup(
    <ServeEditor
      id="ft"
      percentLabel="Rollout percentage"
      serve={serve}
      savedServe={saved}
      variations={[false, true]}
      path={['fallthrough']}
      onChange={() => {}}
    />,
  )
}

describe('ServeEditor', () => {
  it('labels the percentage input and its slider, in 0.001 % steps', () => {
    const html = render()
    expect(html).toContain('<label for="ft-percent">Rollout percentage</label>')
    expect(html).toMatch(/id="ft-percent"[^>]*value="25"/)
    expect(html).toContain('Rollout percentage slider')
    expect(html).toMatch(
      /type="range" min="0" max="100000" step="1" aria-valuetext="25 %" value="25000"/,
    )
  })

  it('says how many contexts the change moves against the saved version', () => {
    expect(render()).toContain('This change moves <strong>15 %</strong> of contexts (15,000')
    expect(render(rampServe(1, 0, 10000))).toContain('This change moves no contexts.')
  })
})
