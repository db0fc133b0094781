import { describe, expect, it } from 'vitest'
import type { FlagConfig } from '@andon/core'
import { flagConfigIssues, needsEnvironmentView, NO_ENVIRONMENT_VIEW } from './flag-checks.js'

const base: FlagConfig = {
  enabled: true,
  offVariation: 0,
  fallthrough: { variation: 1 },
  targets: [],
  rules: [],
  salt: 's',
}

describe('whether a config check reads its environment', () => {
  it('does for prerequisites and segment clauses, and not for switching or ramping', () => {
    expect(needsEnvironmentView(base)).toBe(false)
    const ramp: FlagConfig = {
      ...base,
      fallthrough: { rollout: { variations: [{ variation: 1, weight: 30_000 }] } },
    }
    expect(needsEnvironmentView(ramp)).toBe(false)
    expect(needsEnvironmentView({ ...base, prerequisites: [{ key: 'a', variation: 1 }] })).toBe(
      true,
    )
    const segmentRule: FlagConfig = {
      ...base,
      rules: [
        {
          clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
          serve: { variation: 1 },
        },
      ],
    }
    expect(needsEnvironmentView(segmentRule)).toBe(true)
    const plainRule: FlagConfig = {
      ...base,
      rules: [
        { clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }], serve: { variation: 1 } },
      ],
    }
    expect(needsEnvironmentView(plainRule)).toBe(false)
  })

  it('finds nothing to say without the view when none is needed, and says so when one is', () => {
    const checked = { key: 'f', variationCount: 2, clientSide: false }
    expect(flagConfigIssues(checked, base, NO_ENVIRONMENT_VIEW)).toEqual([])
    const withPrerequisite = { ...base, prerequisites: [{ key: 'a', variation: 1 }] }
    expect(flagConfigIssues(checked, withPrerequisite, NO_ENVIRONMENT_VIEW)).toEqual([
      { path: ['prerequisites', 0, 'key'], message: 'no flag a' },
    ])
  })
})
