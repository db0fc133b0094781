import type { Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import {
  changedFields,
  draftIssues,
  firstOnVariation,
  draftOf,
  isDirty,
  move,
  newRuleId,
  overlappingFields,
  rebaseDraft,
} from './config-draft.js'
import { rampServe } from './rollout.js'

const base: Flag = {
  key: 'new-checkout',
  version: 3,
  enabled: false,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 1 },
}

describe('changedFields', () => {
  it('sends only the fields that changed', () => {
    const draft = { ...draftOf(base), fallthrough: rampServe(1, 0, 25000) }
    expect(changedFields(base, draft)).toEqual({ fallthrough: rampServe(1, 0, 25000) })
    expect(isDirty(base, draft)).toBe(true)
  })

  it('reads missing optional fields as their defaults, so an untouched draft is clean', () => {
    expect(draftOf(base).salt).toBe('new-checkout')
    expect(isDirty(base, draftOf(base))).toBe(false)
  })
})

describe('draftIssues', () => {
  it('finds a variation index out of range with its path', () => {
    const draft = { ...draftOf(base), fallthrough: { variation: 2 } }
    expect(draftIssues(base, draft, [false, true])).toEqual([
      expect.objectContaining({ path: ['fallthrough', 'variation'] }),
    ])
  })

  it('finds weights that do not add up', () => {
    const draft = {
      ...draftOf(base),
      fallthrough: { rollout: { variations: [{ variation: 1, weight: 10 }] } },
    }
    const issues = draftIssues(base, draft, [false, true])
    expect(issues[0]?.path).toEqual(['fallthrough', 'rollout', 'variations'])
  })

  it('accepts a valid draft', () => {
    expect(draftIssues(base, draftOf(base), [false, true])).toEqual([])
  })
})

describe('helpers', () => {
  it('makes rule ids that are not taken', () => {
    let n = 0
    const random = () => [0, 0, 0.5][n++] ?? 0.5
    expect(newRuleId([{ id: 'rule-000000' }], random)).not.toBe('rule-000000')
  })
  it('moves items', () => {
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b'])
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b'])
  })
})

describe('rebaseDraft', () => {
  it('keeps my edited fields and takes every other field from the newer version', () => {
    const draft = { ...draftOf(base), fallthrough: rampServe(1, 0, 10000) }
    const newer: Flag = { ...base, version: 4, salt: 'other-salt' }
    const rebased = rebaseDraft(base, draft, newer)
    expect(rebased.salt).toBe('other-salt')
    expect(rebased.fallthrough).toEqual(rampServe(1, 0, 10000))
    expect(changedFields(newer, rebased)).toEqual({ fallthrough: rampServe(1, 0, 10000) })
    expect(overlappingFields(base, draft, newer)).toEqual([])
  })

  it('names the fields both sides changed', () => {
    const draft = { ...draftOf(base), salt: 'mine' }
    const newer: Flag = { ...base, version: 4, salt: 'theirs' }
    expect(overlappingFields(base, draft, newer)).toEqual(['salt'])
  })
})

describe('firstOnVariation', () => {
  it('is the first variation that is not the off variation', () => {
    expect(firstOnVariation(3, 0)).toBe(1)
    expect(firstOnVariation(3, 1)).toBe(0)
    expect(firstOnVariation(3, null)).toBe(0)
    expect(firstOnVariation(1, 0)).toBe(0)
  })
})
