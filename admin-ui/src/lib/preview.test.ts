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
  it('names the rule by its place and the rollout, without codes or rule ids', () => {
    expect(
      describeReason({ kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'rule-76lsel', inRollout: true }),
    ).toBe('Rule 1 matched, placed by the percentage rollout.')
    expect(describeReason({ kind: 'FALLTHROUGH' })).toBe(
      'No rule matched: the default rule applies.',
    )
    expect(describeReason({ kind: 'ERROR', errorKind: 'TARGETING_KEY_MISSING' })).toBe(
      'Not evaluated: the context has no key, which a percentage rollout needs.',
    )
  })
})
