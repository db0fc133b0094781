import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { NEW_GUARD } from '../lib/guard-form.js'
import { GuardsEditor } from './GuardsEditor.js'

function render(initial = [{ ...NEW_GUARD, metric: 'checkout-error', control: '1' }]) {
  return renderToStaticMarkup(
    <GuardsEditor
      id="ge"
      initial={initial}
      variations={[false, true]}
      offVariation={0}
      onSave={async () => {}}
      onCancel={() => {}}
    />,
  )
}

describe('GuardsEditor', () => {
  it('labels every field with the guard it belongs to', () => {
    const html = render()
    for (const label of [
      'Metric',
      'Kind',
      'Worse when',
      'Threshold (%)',
      'Minimum samples',
      'Control',
      'On a regression',
      'Alpha',
    ]) {
      expect(html).toContain(`<span class="visually-hidden">Guard 1 </span>${label}</label>`)
    }
    expect(html).toContain('>Remove guard 1</button>')
  })

  it('starts from the saved values, the threshold in percent', () => {
    const html = render()
    expect(html).toMatch(/id="ge-0-metric"[^>]* value="checkout-error"/)
    expect(html).toMatch(/id="ge-0-threshold"[^>]* value="10"/)
    expect(html).toContain('<option value="">off variation (false)</option>')
    expect(html).toContain('<option value="1" selected="">true</option>')
    expect(render([NEW_GUARD])).toContain(
      '<option value="" selected="">off variation (false)</option>',
    )
  })

  it('says that saving no guards removes them, and that saving starts a new window', () => {
    expect(render([])).toContain('saving removes every guard')
    expect(render()).toContain('Saving starts a new observation window')
  })
})
