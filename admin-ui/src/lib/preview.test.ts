import { describe, expect, it } from 'vitest'
import { describeReason, parseContext } from './preview.js'

describe('parseContext', () => {
  it('reads a JSON object', () => {
    expect(parseContext('{"key":"u1","country":"SE"}')).toEqual({
      context: { key: 'u1', country: 'SE' },
    })
  })
  it('refuses other JSON and broken text', () => {
    expect(parseContext('[1]')).toHaveProperty('error')
    expect(parseContext('{key}')).toHaveProperty('error')
  })
})

describe('describeReason', () => {
  it('names the rule and the rollout', () => {
    expect(
      describeReason({ kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'beta', inRollout: true }),
    ).toBe('RULE_MATCH: rule 1 (beta), placed by the percentage rollout.')
    expect(describeReason({ kind: 'ERROR', errorKind: 'TARGETING_KEY_MISSING' })).toBe(
      'ERROR: TARGETING_KEY_MISSING.',
    )
  })
})
