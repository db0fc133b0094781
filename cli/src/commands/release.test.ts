import { describe, expect, it } from 'vitest'
import { describeRelease, EXIT, exitFor, type Release } from './release.js'

const release = (over: Partial<Release> = {}): Release => ({
  flag: 'checkout',
  environment: 'production',
  settings: { steps: [{ percent: 1 }, { percent: 100 }] },
  status: 'running',
  step: 0,
  holdEndsAt: 100_000,
  reason: null,
  ...over,
})

describe('a release for a pipeline', () => {
  it('maps each status to the exit code a deploy job acts on', () => {
    expect(exitFor('completed')).toBe(EXIT.released)
    for (const s of ['rolled-back', 'switched-off', 'aborted']) expect(exitFor(s)).toBe(1)
    for (const s of ['paused', 'awaiting-approval']) expect(exitFor(s)).toBe(2)
    expect(exitFor('running')).toBeUndefined()
  })

  it('says where the plan is, the time left and why', () => {
    expect(describeRelease(release(), 40_000)).toBe(
      'checkout in production: running, step 1 of 2 (1 %), 60 s left in the hold',
    )
    expect(describeRelease(release({ status: 'paused', reason: 'paused by ana' }), 0)).toBe(
      'checkout in production: paused, step 1 of 2 (1 %): paused by ana',
    )
  })
})
