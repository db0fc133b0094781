/**
 * Where an issue is, in the words of the form rather than the wire's path:
 * `rules[0].clauses[1].values` is "Rule 1, condition 2, values".
 */
import type { IssuePath } from './api-error.js'

const FIELDS: Record<string, string> = {
  fallthrough: 'default rule',
  offVariation: 'when off, serve',
  targets: 'individual targets',
  metrics: 'guarded metrics',
  included: 'included context keys',
  excluded: 'excluded context keys',
  clauses: 'conditions',
  serve: 'what it serves',
  op: 'operator',
  bucketBy: 'bucket by attribute',
}

/** What the items of a list are called, counted from 1: `rules[0]` is "rule 1". */
function itemName(list: unknown, parent: unknown): string {
  if (list === 'variations') return parent === 'rollout' ? 'split' : 'variation'
  const names: Record<string, string> = {
    rules: 'rule',
    clauses: 'condition',
    prerequisites: 'prerequisite',
    targets: 'target',
    values: 'value',
  }
  return (typeof list === 'string' && names[list]) || 'item'
}

export function issueLabel(path: IssuePath): string {
  const parts: string[] = []
  path.forEach((part, i) => {
    if (typeof part === 'number') parts.push(`${itemName(path[i - 1], path[i - 2])} ${part + 1}`)
    else if (part === 'rollout' || typeof path[i + 1] === 'number') return
    else if (part === 'variations' && path[i - 1] === 'rollout') parts.push('split')
    else parts.push(FIELDS[part] ?? part)
  })
  const text = parts.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}
