import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { switchQuestion } from '../lib/critical-question.js'
import { ConfirmChangeDialog } from './ConfirmChangeDialog.js'

describe('ConfirmChangeDialog', () => {
  it('lists what changes, takes a comment of at most 500 characters, and names its button', () => {
    const question = {
      env: 'production',
      title: 'Save checkout in production?',
      lines: ['Default rule: 25 % → 50 % of contexts get true', 'Rule 2 removed'],
      confirmLabel: 'Save in production',
    }
    const html = renderToStaticMarkup(
      <ConfirmChangeDialog question={question} onConfirm={() => {}} onCancel={() => {}} />,
    )
    expect(html).toContain('<h2 id="confirm-title">Save checkout in production?</h2>')
    expect(html).toContain(
      '<li>Default rule: 25 % → 50 % of contexts get true</li><li>Rule 2 removed</li>',
    )
    expect(html).toContain('<label for="confirm-comment">Comment (optional')
    expect(html).toContain('maxLength="500"')
    expect(html).toContain('>Save in production</button>')
    expect(html).toContain('>Cancel</button>')
  })

  it('asks a switch as one confirmation with the switch on its button', () => {
    const html = renderToStaticMarkup(
      <ConfirmChangeDialog
        question={switchQuestion('checkout', 'production', false)}
        onConfirm={() => {}}
        onCancel={() => {}}
      />,
    )
    expect(html).toContain('<li>Switch off</li>')
    expect(html).toContain('>Switch off in production</button>')
  })

  it('offers no comment for a change whose request keeps none', () => {
    const html = renderToStaticMarkup(
      <ConfirmChangeDialog
        question={switchQuestion('checkout', 'production', true)}
        commentable={false}
        onConfirm={() => {}}
        onCancel={() => {}}
      />,
    )
    expect(html).not.toContain('confirm-comment')
    expect(html).toContain('>Switch on in production</button>')
  })
})
