import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { FlagRow } from './FlagRow.js'

const flag = {
  key: 'new-checkout',
  name: 'New checkout',
  description: '',
  variations: [false, true],
  clientSide: false,
  tags: ['payments'],
  createdAt: 0,
  updatedAt: 0,
}

function render(states: string) {
  return renderToStaticMarkup(
    <table>
      <tbody>
        <FlagRow
          flag={flag}
          envs={['development', 'production']}
          states={states}
          summaries={'off → false\n25 % true'}
          busyEnv={undefined}
          onToggle={() => {}}
        />
      </tbody>
    </table>,
  )
}

describe('FlagRow', () => {
  it('names each switch "<flag key> in <environment>" and marks its state', () => {
    const html = render('01')
    expect(html).toContain(
      'role="switch" aria-checked="false" aria-label="new-checkout in development"',
    )
    expect(html).toContain(
      'role="switch" aria-checked="true" aria-label="new-checkout in production"',
    )
    expect(html).toContain('25 % true')
  })

  it('disables a switch until its environment is known', () => {
    expect(render('-1')).toMatch(/aria-label="new-checkout in development"[^>]*disabled=""/)
  })
})
