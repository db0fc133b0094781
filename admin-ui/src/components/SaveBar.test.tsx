import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SaveBar } from './SaveBar.js'

const render = (dirty: boolean, unparsed?: string) =>
  renderToStaticMarkup(
    <SaveBar
      saving={false}
      dirty={dirty}
      unparsed={unparsed}
      savedVersion={undefined}
      onDiscard={() => {}}
      onSave={() => {}}
    />,
  )

describe('SaveBar', () => {
  it('offers Save and Discard for an edit that reads', () => {
    const html = render(true)
    expect(html).toContain('save-bar-dirty')
    expect(html).toContain('<button type="button" class="primary">Save changes</button>')
    expect(html).toContain('<button type="button">Discard changes</button>')
  })

  it('holds Save back with the reason while a field does not read', () => {
    const html = render(true, 'Share of split 1: At most 100 %')
    expect(html).toContain('Fix first: Share of split 1: At most 100 %')
    expect(html).toContain('<button type="button" class="primary" disabled="">Save changes')
  })

  it('has nothing to save before an edit', () => {
    const html = render(false)
    expect(html).toContain('No changes')
    expect(html).toContain('disabled="">Discard changes')
  })

  it('says why Save is held back from someone without the role, and asks for approval where needed', () => {
    const html = renderToStaticMarkup(
      <SaveBar
        saving={false}
        dirty={true}
        unparsed={undefined}
        savedVersion={undefined}
        onDiscard={() => {}}
        onSave={() => {}}
        saveLabel="Request approval"
        blocked="You need the editor role in production."
      />,
    )
    expect(html).toContain('You need the editor role in production.')
    expect(html).toContain(
      '<button type="button" class="primary" disabled="" aria-describedby="save-blocked">Request approval',
    )
  })
})
