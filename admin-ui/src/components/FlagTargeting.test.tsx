import type { Flag } from '@andon/core'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { draftOf } from '../lib/config-draft.js'
import { rampServe } from '../lib/rollout.js'
import { FlagTargeting } from './FlagTargeting.js'

const flag: Flag = {
  key: 'checkout',
  version: 2,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: rampServe(1, 0, 25000),
  targets: [{ variation: 1, values: ['alice'] }],
  rules: [
    {
      id: 'rule-abc123',
      clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }],
      serve: { variation: 1 },
    },
  ],
  salt: 'checkout-2026',
}

describe('FlagTargeting', () => {
  it('shows who gets what: default rule, off variation, targets, rules, prerequisites, salt', () => {
    const html = renderToStaticMarkup(
      <FlagTargeting
        id="cfg-production"
        base={flag}
        draft={draftOf(flag)}
        variations={flag.variations}
        segments={[]}
        flags={[]}
        edit={() => {}}
      />,
    )
    const headings = [...html.matchAll(/<h3 [^>]*>([^<]+)<\/h3>/g)].map((m) => m[1])
    expect(headings).toEqual([
      'Default rule',
      'Individual targets',
      'Rules',
      'Prerequisites',
      'Bucketing',
    ])
    expect(html).toMatch(/id="cfg-production-fallthrough-percent"[^>]*value="25"/)
    expect(html).toMatch(/<option value="0" selected="">false<\/option>/)
    expect(html).toContain('>alice</textarea>')
    expect(html).toContain('>SE</textarea>')
    expect(html).toContain('value="checkout-2026"')
  })
})
