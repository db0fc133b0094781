import { clauseOpSchema, type Clause } from '@andon/core'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ClauseEditor } from './ClauseEditor.js'

function render(clause: Clause, allowSegments = true) {
  return renderToStaticMarkup(
    <ClauseEditor
      id="c"
      name="Rule 1 clause 1"
      clause={clause}
      segments={['beta-testers', 'staff']}
      allowSegments={allowSegments}
      path={['rules', 0, 'clauses', 0]}
      onChange={() => {}}
      onRemove={() => {}}
    />,
  )
}

describe('ClauseEditor', () => {
  it('offers every operator of the spec', () => {
    const html = render({ attribute: 'country', op: 'in', values: ['SE'] })
    for (const op of clauseOpSchema.options) expect(html).toContain(`value="${op}"`)
  })

  it('leaves segmentMatch out where segments can not nest', () => {
    expect(render({ attribute: 'email', op: 'endsWith', values: [] }, false)).not.toContain(
      'value="segmentMatch"',
    )
  })

  it('picks segments with labelled checkboxes for segmentMatch', () => {
    const html = render({ attribute: 'key', op: 'segmentMatch', values: ['staff'] })
    expect(html).toMatch(/id="c-segment-staff" type="checkbox" checked=""/)
    expect(html).toContain('<label for="c-segment-beta-testers">beta-testers</label>')
    expect(html).not.toContain('c-attribute')
  })

  it('keeps the type of in values: numbers stay numbers', () => {
    const html = render({ attribute: 'tier', op: 'in', values: [1, 2] })
    expect(html).toContain('<option value="number" selected="">numbers</option>')
    expect(html).toMatch(/id="c-values"[^>]*>1\n2<\/textarea>/)
  })

  it('offers "SE, NO" typed on one line as two values', () => {
    expect(render({ attribute: 'country', op: 'in', values: ['SE, NO'] })).toContain(
      'Make it 2 values, one per line',
    )
    expect(render({ attribute: 'email', op: 'matches', values: ['^a{1,3}$'] })).not.toContain(
      'Make it',
    )
  })
})
