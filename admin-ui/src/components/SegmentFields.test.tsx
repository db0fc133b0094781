import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SegmentFields } from './SegmentFields.js'

describe('SegmentFields', () => {
  it('labels every field of the draft and shows its values', () => {
    const html = renderToStaticMarkup(
      <SegmentFields
        id="segment-beta"
        draft={{
          name: 'Beta testers',
          description: 'People who asked',
          included: ['alice', 'bob'],
          excluded: ['mallory'],
          rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }] }],
        }}
        onChange={() => {}}
      />,
    )
    expect(html).toContain('<label for="segment-beta-name">Name</label>')
    expect(html).toContain('id="segment-beta-name" value="Beta testers"')
    expect(html).toContain('id="segment-beta-description" value="People who asked"')
    expect(html).toMatch(/Included context keys[\s\S]*alice\nbob/)
    expect(html).toMatch(/Excluded context keys[\s\S]*mallory/)
    expect(html).toContain('>SE</textarea>')
  })
})
