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

function render(states: string, offMarks = '\n') {
  return renderToStaticMarkup(
    <table>
      <tbody>
        <FlagRow
          flag={flag}
          envs={['development', 'production']}
          states={states}
          summaries={'off → false\n25 % true'}
          offMarks={offMarks}
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

  it('marks a flag that a guard switched off, with the time and reason on hover', () => {
    const why = 'The guard switched this flag off at 2026-11-22 01:05:00 UTC: errors regressed.'
    const html = render('01', `guard\t${why}\n`)
    expect(html).toContain(`<span class="off-mark" title="${why}">`)
    expect(html).toContain('off by guard')
    expect(html.match(/off-mark/g)).toHaveLength(1)
  })

  it('disables a switch until its environment is known', () => {
    expect(render('-1')).toMatch(/aria-label="new-checkout in development"[^>]*disabled=""/)
  })
})
