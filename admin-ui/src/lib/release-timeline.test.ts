import { describe, expect, it } from 'vitest'
import type { ReleaseInfo } from './release-model.js'
import {
  currentStepText,
  holdText,
  percentText,
  stepRows,
  timelineRows,
} from './release-timeline.js'

const steps = [
  { percent: 1, holdSeconds: 600, approval: false },
  { percent: 5, holdSeconds: 1800, approval: true },
  { percent: 100, holdSeconds: 5430, approval: false },
]
const plan = (status: ReleaseInfo['status'], step: number) => ({
  settings: { steps } as ReleaseInfo['settings'],
  status,
  step,
})

describe('release timeline', () => {
  it('says holds in the largest exact units', () => {
    expect(holdText(45)).toBe('45 s')
    expect(holdText(600)).toBe('10 min')
    expect(holdText(3600)).toBe('1 h')
    expect(holdText(5430)).toBe('1 h 30 min 30 s')
  })

  it('says percentages to a thousandth at most', () => {
    expect(percentText(1)).toBe('1 %')
    expect(percentText(0.5)).toBe('0.5 %')
    expect(percentText(12.345)).toBe('12.345 %')
  })

  it('ticks the steps before the current one and marks it', () => {
    expect(timelineRows(plan('running', 1)).map((r) => r.state)).toEqual([
      'done',
      'current',
      'pending',
    ])
    expect(timelineRows(plan('running', 1))[1]).toEqual({
      number: 2,
      percent: '5 %',
      hold: '30 min',
      approval: true,
      state: 'current',
    })
  })

  it('keeps a paused plan on its step and marks where an ended one stopped', () => {
    expect(timelineRows(plan('paused', 0)).map((r) => r.state)).toEqual([
      'current',
      'pending',
      'pending',
    ])
    expect(timelineRows(plan('rolled-back', 1)).map((r) => r.state)).toEqual([
      'done',
      'stopped',
      'pending',
    ])
    expect(timelineRows(plan('completed', 2)).map((r) => r.state)).toEqual(['done', 'done', 'done'])
  })

  it('lists a template’s steps as still to come', () => {
    expect(stepRows([{ percent: 10, holdSeconds: 300 }])).toEqual([
      { number: 1, percent: '10 %', hold: '5 min', approval: false, state: 'pending' },
    ])
  })

  it('says the current step out of all', () => {
    expect(currentStepText(plan('running', 0))).toBe('Step 1 of 3 at 1 %')
  })
})
