import { describe, expect, it } from 'vitest'
import { emptyRuleIssues } from './rule-checks.js'

describe('emptyRuleIssues', () => {
  it('refuses a condition without values, a segment condition without segments and a rule without conditions', () => {
    expect(
      emptyRuleIssues([
        { clauses: [{ attribute: 'key', op: 'in', values: [] }] },
        { clauses: [{ attribute: 'key', op: 'segmentMatch', values: [] }] },
        { clauses: [] },
        { clauses: [{ attribute: '', op: 'in', values: ['SE'] }] },
      ]),
    ).toEqual([
      { path: ['rules', 0, 'clauses', 0, 'values'], message: 'Enter at least one value' },
      { path: ['rules', 1, 'clauses', 0, 'values'], message: 'Choose at least one segment' },
      {
        path: ['rules', 2, 'clauses'],
        message: 'Add a condition: a rule without one matches every context',
      },
      { path: ['rules', 3, 'clauses', 0, 'attribute'], message: 'Name the attribute to compare' },
    ])
  })

  it('lets complete rules through', () => {
    expect(
      emptyRuleIssues([{ clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }] }]),
    ).toEqual([])
  })
})
