import { describe, expect, it } from 'vitest'
import type { Reason } from './model.js'
import {
  openFeatureErrorCode,
  openFeatureMetadata,
  openFeatureReason,
} from './openfeature-mapping.js'

describe('the OpenFeature reason of a result', () => {
  it.each<[Reason, string]>([
    [{ kind: 'OFF' }, 'DISABLED'],
    [{ kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'login' }, 'PREREQUISITE_FAILED'],
    [{ kind: 'TARGET_MATCH' }, 'TARGETING_MATCH'],
    [{ kind: 'RULE_MATCH', ruleIndex: 0 }, 'TARGETING_MATCH'],
    [{ kind: 'RULE_MATCH', ruleIndex: 0, inRollout: true }, 'SPLIT'],
    [{ kind: 'FALLTHROUGH' }, 'DEFAULT'],
    [{ kind: 'FALLTHROUGH', inRollout: true, inExperiment: true }, 'SPLIT'],
    [{ kind: 'ERROR', errorKind: 'WRONG_TYPE' }, 'ERROR'],
    [{ kind: 'SOMETHING_NEW' } as unknown as Reason, 'UNKNOWN'],
  ])('of %j is %s', (reason, expected) => {
    expect(openFeatureReason(reason)).toBe(expected)
  })
})

describe('the OpenFeature error code', () => {
  it.each([
    ['FLAG_NOT_FOUND', 'FLAG_NOT_FOUND'],
    ['MALFORMED_FLAG', 'PARSE_ERROR'],
    ['TARGETING_KEY_MISSING', 'TARGETING_KEY_MISSING'],
    ['WRONG_TYPE', 'TYPE_MISMATCH'],
    [undefined, 'GENERAL'],
  ] as const)('of %s is %s', (kind, expected) => {
    expect(openFeatureErrorCode(kind)).toBe(expected)
  })
})

describe('the flag metadata', () => {
  it('carries the Andon reason and what comes with it, nothing else', () => {
    expect(openFeatureMetadata({ kind: 'RULE_MATCH', ruleIndex: 2, ruleId: 'beta' })).toEqual({
      andonReason: 'RULE_MATCH',
      ruleIndex: 2,
      ruleId: 'beta',
    })
    expect(openFeatureMetadata({ kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'a' })).toEqual({
      andonReason: 'PREREQUISITE_FAILED',
      prerequisiteKey: 'a',
    })
    expect(
      openFeatureMetadata({ kind: 'FALLTHROUGH', inRollout: true, inExperiment: true }),
    ).toEqual({ andonReason: 'FALLTHROUGH', inExperiment: true })
  })
})
