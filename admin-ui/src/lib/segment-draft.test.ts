import type { Clause } from '@andon/core'
import { describe, expect, it } from 'vitest'
import type { SegmentInfo } from '@andon/core'
import { rebaseSegment, segmentDraftIssues, segmentDraftOf } from './segment-draft.js'

const base: SegmentInfo = {
  key: 'beta',
  name: 'Beta',
  description: '',
  version: 3,
  updatedAt: 0,
  included: ['a'],
  excluded: [],
  rules: [],
}

describe('segmentDraftIssues', () => {
  it('refuses a rule whose condition has no values, and passes a complete one', () => {
    const empty: Clause = { attribute: 'email', op: 'endsWith', values: [] }
    const draft = { ...segmentDraftOf(base), rules: [{ id: 'r1', clauses: [empty] }] }
    expect(segmentDraftIssues(base, draft)).toEqual([
      { path: ['rules', 0, 'clauses', 0, 'values'], message: 'Enter at least one value' },
    ])
    draft.rules[0]!.clauses[0] = { attribute: 'email', op: 'endsWith', values: ['@example.com'] }
    expect(segmentDraftIssues(base, draft)).toEqual([])
  })
})

describe('rebaseSegment', () => {
  it('keeps my edited fields and takes the newer value of the others', () => {
    const newer = { ...base, version: 4, excluded: ['z'] }
    const mine = { ...segmentDraftOf(base), included: ['a', 'b'] }
    expect(rebaseSegment(base, mine, newer)).toEqual({
      ...segmentDraftOf(newer),
      included: ['a', 'b'],
    })
  })
})
