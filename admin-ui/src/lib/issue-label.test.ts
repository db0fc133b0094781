import { describe, expect, it } from 'vitest'
import { issueLabel } from './issue-label.js'

describe('issueLabel', () => {
  it('names fields as the form does, counting items from 1', () => {
    expect(issueLabel(['rules', 0, 'clauses', 1, 'values'])).toBe('Rule 1, condition 2, values')
    expect(issueLabel(['rules', 2, 'clauses'])).toBe('Rule 3, conditions')
    expect(issueLabel(['fallthrough', 'rollout', 'variations'])).toBe('Default rule, split')
    expect(issueLabel(['fallthrough', 'rollout', 'variations', 1, 'variation'])).toBe(
      'Default rule, split 2, variation',
    )
    expect(issueLabel(['prerequisites', 0, 'key'])).toBe('Prerequisite 1, key')
    expect(issueLabel(['offVariation'])).toBe('When off, serve')
    expect(issueLabel(['variations', 3])).toBe('Variation 4')
    expect(issueLabel([])).toBe('')
  })
})
