import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RolesField } from './RolesField.js'

describe('RolesField', () => {
  it('has one labelled select per environment holding its role', () => {
    const html = renderToStaticMarkup(
      <RolesField
        id="r"
        environments={['development', 'production']}
        value={{ development: 'editor', production: 'none' }}
        onChange={() => {}}
      />,
    )
    expect(html).toContain('<label for="r-development">development</label>')
    expect(html).toContain('<label for="r-production">production</label>')
    expect(html).toMatch(/<option value="editor" selected="">editor<\/option>/)
    expect(html).toContain('<legend>Role per environment</legend>')
  })
})
