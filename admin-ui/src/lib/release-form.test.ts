import { describe, expect, it } from 'vitest'
import { defaultReleaseVariation } from './release-form.js'

describe('defaultReleaseVariation', () => {
  it('releases the first variation that is not the off one', () => {
    expect(defaultReleaseVariation([false, true], 0)).toBe(1)
    expect(defaultReleaseVariation(['a', 'b', 'c'], 1)).toBe(0)
    expect(defaultReleaseVariation(['a', 'b', 'c'], null)).toBe(1)
  })
})
