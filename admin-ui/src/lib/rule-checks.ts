/**
 * What core's schema lets through but nobody means: a rule without conditions (it matches every
 * context) and a condition without values (it matches none, so the rule is dead). Both are
 * refused before saving, at the paths the editors show issues at.
 */
import type { Clause } from '@andon/core'
import type { Issue } from './api-error.js'

export function emptyRuleIssues(rules: readonly { clauses: readonly Clause[] }[]): Issue[] {
  const issues: Issue[] = []
  rules.forEach((rule, i) => {
    if (rule.clauses.length === 0) {
      issues.push({
        path: ['rules', i, 'clauses'],
        message: 'Add a condition: a rule without one matches every context',
      })
    }
    rule.clauses.forEach((clause, j) => {
      const at = ['rules', i, 'clauses', j]
      if (clause.op !== 'segmentMatch' && clause.attribute.trim() === '') {
        issues.push({ path: [...at, 'attribute'], message: 'Name the attribute to compare' })
      }
      if (clause.values.length === 0) {
        issues.push({
          path: [...at, 'values'],
          message:
            clause.op === 'segmentMatch'
              ? 'Choose at least one segment'
              : 'Enter at least one value',
        })
      }
    })
  })
  return issues
}
