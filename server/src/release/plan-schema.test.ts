import { describe, expect, it } from 'vitest'
import { planIssues, releasePlanBody, releaseTemplates } from './plan-schema.js'

describe('the release plan body', () => {
  it('takes a template and fills in the triggers', () => {
    const plan = releasePlanBody.parse({ variation: 1, template: 'standard' })
    expect(plan.steps.map((s) => [s.percent, s.holdSeconds])).toEqual([
      [1, 600],
      [5, 1800],
      [25, 3600],
      [50, 3600],
      [100, 600],
    ])
    expect(plan).toMatchObject({
      onRegression: 'rollback',
      onSampleRatioMismatch: 'pause',
      onNoTraffic: 'pause',
      onInsufficientData: 'pause',
      maxExtensionSeconds: 3600,
    })
    expect(plan.steps.every((s) => s.approval === false)).toBe(true)
  })

  it('refuses steps whose percentages do not rise to 100, naming the step', () => {
    const r = releasePlanBody.safeParse({
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 60 },
        { percent: 10, holdSeconds: 60 },
        { percent: 50, holdSeconds: 60 },
      ],
    })
    expect(r.success).toBe(false)
    const issues = r.error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(issues).toContainEqual(['steps.1.percent', expect.stringMatching(/percentages rise/)])
    expect(issues).toContainEqual(['steps.2.percent', 'the last step releases to 100 %'])
  })

  it('refuses a hold that is not positive, a fourth decimal, and both or neither of steps and template', () => {
    const bad = [
      { variation: 1, steps: [{ percent: 100, holdSeconds: 0 }] },
      {
        variation: 1,
        steps: [
          { percent: 0.0001, holdSeconds: 5 },
          { percent: 100, holdSeconds: 5 },
        ],
      },
      { variation: 1 },
      { variation: 1, template: 'quick', steps: releaseTemplates.quick },
      { variation: 1, template: 'standard', extra: true },
    ]
    for (const body of bad) expect(releasePlanBody.safeParse(body).success).toBe(false)
  })

  it('wants a variation of the flag other than the one everyone else gets', () => {
    const plan = releasePlanBody.parse({ variation: 2, template: 'quick' })
    expect(planIssues(plan, { variationCount: 2, control: 0 })[0]?.path).toEqual(['variation'])
    expect(planIssues(plan, { variationCount: 3, control: 2 })).toHaveLength(1)
    expect(planIssues(plan, { variationCount: 3, control: 0 })).toEqual([])
  })
})
