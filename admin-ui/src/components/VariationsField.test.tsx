import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { VariationType } from '../lib/variations.js'
import { VariationsField } from './VariationsField.js'

function render(type: VariationType, text: string) {
  return renderToStaticMarkup(
    <VariationsField id="v" type={type} text={text} onChange={() => {}} />,
  )
}

describe('VariationsField', () => {
  it('shows named variations as typed, and says how to name one', () => {
    const html = render('string', 'control = blue\ngreen')
    expect(html).toContain('Variations (one per line)')
    expect(html).toContain('control = blue\ngreen</textarea>')
    expect(html).toContain('write it first: control = blue')
  })

  it("lets a boolean flag's values be named, showing false and true while unnamed", () => {
    expect(render('boolean', '')).toContain('>false\ntrue</textarea>')
    const named = render('boolean', 'off = false\non = true')
    expect(named).toContain('>off = false\non = true</textarea>')
    expect(named).not.toContain('readOnly')
    expect(named).not.toContain('readonly')
  })
})
