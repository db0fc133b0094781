import { describe, expect, it } from 'vitest'
import type { Reason } from './model.js'
import {
  openFeatureErrorCode,
  openFeatureFlagInfo,
  openFeatureMetadata,
  openFeatureReason,
  openFeatureResolution,
  openFeatureVariant,
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

describe('the reason of a static flag', () => {
  it('is STATIC for its fallthrough, SPLIT for its rollout, as any other otherwise', () => {
    expect(openFeatureReason({ kind: 'FALLTHROUGH' }, true)).toBe('STATIC')
    expect(openFeatureReason({ kind: 'FALLTHROUGH', inRollout: true }, true)).toBe('SPLIT')
    expect(openFeatureReason({ kind: 'OFF' }, true)).toBe('DISABLED')
  })

  it('is known from the flag: no prerequisite, no target value, no rule', () => {
    const flag = { key: 'a', version: 3, variations: [false, true] }
    expect(openFeatureFlagInfo(flag, 'production')).toEqual({
      version: 3,
      environment: 'production',
      static: true,
    })
    expect(
      openFeatureFlagInfo({ ...flag, targets: [{ variation: 0, values: [] }] }, 'p')?.static,
    ).toBe(true)
    expect(
      openFeatureFlagInfo({ ...flag, targets: [{ variation: 0, values: ['u'] }] }, 'p')?.static,
    ).toBe(false)
    expect(
      openFeatureFlagInfo({ ...flag, prerequisites: [{ key: 'b', variation: 1 }] }, 'p')?.static,
    ).toBe(false)
    expect(
      openFeatureFlagInfo({ ...flag, rules: [{ clauses: [], serve: { variation: 1 } }] }, 'p')
        ?.static,
    ).toBe(false)
    expect(openFeatureFlagInfo(undefined, 'p')).toBeUndefined()
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

describe('the variant', () => {
  it('is the name, else the index as a string, and none for the default', () => {
    const reason = { kind: 'FALLTHROUGH' } as const
    expect(openFeatureVariant({ value: 1, variationIndex: 2, variationName: 'big', reason })).toBe(
      'big',
    )
    expect(openFeatureVariant({ value: 1, variationIndex: 2, reason })).toBe('2')
    expect(openFeatureVariant({ value: 1, variationIndex: null, reason })).toBeUndefined()
  })
})

describe('a resolution', () => {
  const info = { version: 7, environment: 'production', static: false }

  it('is STATIC for the fallthrough of a static flag', () => {
    const result = { value: true, variationIndex: 1, reason: { kind: 'FALLTHROUGH' } } as const
    expect(
      openFeatureResolution('a', result, false, 'ready', { ...info, static: true }).reason,
    ).toBe('STATIC')
    expect(openFeatureResolution('a', result, false, 'ready', info).reason).toBe('DEFAULT')
  })

  it('carries value, variant, reason and metadata with version and environment', () => {
    const result = {
      value: 'green',
      variationIndex: 1,
      variationName: 'treatment',
      reason: { kind: 'RULE_MATCH', ruleIndex: 0 },
    } as const
    expect(openFeatureResolution('banner', result, 'none', 'ready', info)).toEqual({
      value: 'green',
      variant: 'treatment',
      reason: 'TARGETING_MATCH',
      flagMetadata: {
        andonReason: 'RULE_MATCH',
        ruleIndex: 0,
        version: 7,
        environment: 'production',
      },
    })
  })

  it('serves the default with no variant when no variation is served', () => {
    const off = { value: null, variationIndex: null, reason: { kind: 'OFF' } } as const
    expect(openFeatureResolution('banner', off, 'none', 'ready', info)).toEqual({
      value: 'none',
      reason: 'DISABLED',
      flagMetadata: { andonReason: 'OFF', version: 7, environment: 'production' },
    })
  })

  it('gives every error a code and a message naming the flag', () => {
    const missing = {
      value: null,
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' },
    } as const
    expect(openFeatureResolution('banner', missing, 'none', 'ready', undefined)).toEqual({
      value: 'none',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: "flag 'banner' was not found",
      flagMetadata: { andonReason: 'ERROR' },
    })
    const wrong = { ...missing, reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' } } as const
    expect(openFeatureResolution('banner', wrong, 'none', 'ready', info)).toMatchObject({
      errorCode: 'TYPE_MISMATCH',
      errorMessage: "flag 'banner' serves a value of another type than the default",
    })
  })

  it('answers with the provider state, whatever the result, while not ready or fatal', () => {
    const served = { value: true, variationIndex: 1, reason: { kind: 'FALLTHROUGH' } } as const
    expect(openFeatureResolution('a', served, false, 'not-ready', info)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
      errorMessage: 'the provider has no flag data yet',
    })
    expect(openFeatureResolution('a', served, false, 'fatal', info)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PROVIDER_FATAL',
      errorMessage: 'the server refused the key; the provider will not recover',
    })
  })
})
