import { describe, expect, it } from 'vitest'
import {
  draftOf,
  draftsChanged,
  guardIssueLabel,
  NEW_GUARD,
  parseGuardDrafts,
} from './guard-form.js'

describe('parseGuardDrafts', () => {
  it('turns drafts into the guards PUT takes, the threshold from percent to a fraction', () => {
    const parsed = parseGuardDrafts(
      [
        { ...NEW_GUARD, metric: ' checkout-error ', thresholdPercent: '7.5' },
        {
          ...NEW_GUARD,
          metric: 'latency-ms',
          kind: 'mean',
          worseWhen: 'higher',
          minSamples: '200',
          control: '1',
          action: 'notify',
          alpha: '0.01',
        },
      ],
      2,
    )
    expect(parsed).toEqual({
      issues: [],
      guards: [
        {
          metric: 'checkout-error',
          kind: 'rate',
          worseWhen: 'higher',
          threshold: 0.075,
          minSamples: 500,
          action: 'disable',
          alpha: 0.05,
        },
        {
          metric: 'latency-ms',
          kind: 'mean',
          worseWhen: 'higher',
          threshold: 0.1,
          minSamples: 200,
          control: 1,
          action: 'notify',
          alpha: 0.01,
        },
      ],
    })
  })

  it('puts each problem at the path the server would name', () => {
    const parsed = parseGuardDrafts(
      [
        NEW_GUARD,
        {
          ...NEW_GUARD,
          metric: 'bad key!',
          thresholdPercent: '-1',
          minSamples: '2.5',
          control: '3',
          alpha: '0.6',
        },
      ],
      2,
    )
    expect('guards' in parsed).toBe(false)
    expect(parsed.issues.map((i) => i.path)).toEqual([
      [0, 'metric'],
      [1, 'metric'],
      [1, 'threshold'],
      [1, 'minSamples'],
      [1, 'control'],
      [1, 'alpha'],
    ])
    expect(parsed.issues[1]?.message).toMatch(/A-Z a-z 0-9/)
  })

  it('refuses a threshold or alpha that is not a number', () => {
    const parsed = parseGuardDrafts(
      [{ ...NEW_GUARD, metric: 'm', thresholdPercent: 'ten', alpha: '' }],
      2,
    )
    expect(parsed.issues.map((i) => i.path[1])).toEqual(['threshold', 'alpha'])
  })
})

describe('draftOf', () => {
  it('round-trips a saved guard through the form', () => {
    const saved = {
      metric: 'checkout-error',
      kind: 'rate' as const,
      worseWhen: 'lower' as const,
      threshold: 0.1,
      minSamples: 1000,
      control: 0,
      action: 'disable' as const,
      alpha: 0.05,
    }
    expect(draftOf(saved).thresholdPercent).toBe('10')
    expect(parseGuardDrafts([draftOf(saved)], 2)).toEqual({ guards: [saved], issues: [] })
  })
})

describe('guardIssueLabel', () => {
  it('names the guard and field an issue concerns', () => {
    expect(guardIssueLabel([1, 'minSamples'])).toBe('Guard 2 minimum samples')
    expect(guardIssueLabel([0])).toBe('Guard 1')
    expect(guardIssueLabel([])).toBe('Guards')
  })
})

describe('draftsChanged', () => {
  const saved = [{ ...NEW_GUARD, metric: 'checkout-error' }]

  it('sees no edit in the rows the editor opened with, even as new objects', () => {
    expect(draftsChanged(saved, [{ ...NEW_GUARD, metric: 'checkout-error' }])).toBe(false)
  })

  it('sees a changed field, an added guard and a removed one', () => {
    expect(draftsChanged(saved, [{ ...saved[0]!, thresholdPercent: '5' }])).toBe(true)
    expect(draftsChanged(saved, [...saved, NEW_GUARD])).toBe(true)
    expect(draftsChanged(saved, [])).toBe(true)
  })
})
