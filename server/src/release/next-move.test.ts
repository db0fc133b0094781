import { describe, expect, it } from 'vitest'
import { releasePlanBody } from './plan-schema.js'
import { nextMove, type ReleaseState, type StepEvidence } from './next-move.js'

const MIN = 60_000
const plan = releasePlanBody.parse({
  variation: 1,
  steps: [
    { percent: 1, holdSeconds: 600 },
    { percent: 25, holdSeconds: 3600, approval: true },
    { percent: 100, holdSeconds: 600 },
  ],
  maxExtensionSeconds: 1800,
})

const state = (over: Partial<ReleaseState> = {}): ReleaseState => ({
  status: 'running',
  step: 0,
  stepStartedAt: 0,
  approvedStep: null,
  warned: [],
  ...over,
})

/** A healthy step: exposures in the step's split, every guard with its samples. */
const healthy = (percent: number, total = 100_000): StepEvidence => ({
  released: Math.round((total * percent) / 100),
  others: total - Math.round((total * percent) / 100),
  guards: [
    { metric: 'error', action: 'disable', regression: false, samples: 1000, minSamples: 500 },
  ],
})

describe('the next move of a release plan', () => {
  it('holds a step for its time, then advances', () => {
    expect(nextMove(plan, state(), healthy(1), 9 * MIN).move).toEqual({
      kind: 'hold',
      until: 10 * MIN,
    })
    expect(nextMove(plan, state(), healthy(1), 10 * MIN).move).toEqual({
      kind: 'await-approval',
      step: 1,
    })
    const approved = state({ status: 'awaiting-approval', approvedStep: 1 })
    expect(nextMove(plan, approved, healthy(1), 10 * MIN).move).toEqual({
      kind: 'advance',
      step: 1,
      percent: 25,
    })
  })

  it('counts the hold on the wall clock: a restart mid-hold keeps the time that was left', () => {
    const held = state({ step: 2, stepStartedAt: 100 * MIN })
    expect(nextMove(plan, held, healthy(100), 104 * MIN).move).toEqual({
      kind: 'hold',
      until: 110 * MIN,
    })
  })

  it('after a long downtime, catches up in one move, never a step per overdue hold', () => {
    const late = nextMove(plan, state({ step: 1, stepStartedAt: 0 }), healthy(25), 50 * 60 * MIN)
    expect(late.move).toEqual({ kind: 'advance', step: 2, percent: 100 })
    expect(nextMove(plan, state({ step: 2 }), healthy(100), 50 * 60 * MIN).move).toEqual({
      kind: 'complete',
    })
  })

  it('stops on a regression at any moment of a step, as the plan says', () => {
    const bad = healthy(1)
    bad.guards.push({
      metric: 'latency',
      action: 'disable',
      regression: true,
      samples: 10,
      minSamples: 500,
    })
    expect(nextMove(plan, state(), bad, 1).move).toMatchObject({
      kind: 'stop',
      trigger: 'regression',
      action: 'rollback',
      reason: expect.stringContaining('latency'),
    })
    const offPlan = { ...plan, onRegression: 'off' as const }
    expect(nextMove(offPlan, state(), bad, 1).move).toMatchObject({ action: 'off' })
    const warnPlan = { ...plan, onRegression: 'warn' as const }
    const warned = nextMove(warnPlan, state(), bad, 1)
    expect(warned.warnings.map((w) => w.trigger)).toEqual(['regression'])
    expect(warned.move).toEqual({ kind: 'hold', until: 10 * MIN })
  })

  it('only pauses on a regression that a notify guard found', () => {
    const told = healthy(1)
    told.guards.push({
      metric: 'latency',
      action: 'notify',
      regression: true,
      samples: 600,
      minSamples: 500,
    })
    expect(nextMove(plan, state(), told, 1).move).toMatchObject({
      kind: 'stop',
      trigger: 'regression',
      action: 'pause',
    })
  })

  it('treats not enough data as its own state: extends the step, then pauses, never passes', () => {
    const thin: StepEvidence = {
      released: 10,
      others: 990,
      guards: [
        { metric: 'error', action: 'disable', regression: false, samples: 10, minSamples: 500 },
      ],
    }
    expect(nextMove(plan, state(), thin, 10 * MIN).move).toEqual({
      kind: 'extend',
      until: 40 * MIN,
      lacking: ['error'],
    })
    expect(nextMove(plan, state(), thin, 40 * MIN).move).toMatchObject({
      kind: 'stop',
      trigger: 'insufficient-data',
      action: 'pause',
      reason: expect.stringContaining('not a pass'),
    })
  })

  it('asks for the samples a step sets when it wants more than the guard', () => {
    const strict = releasePlanBody.parse({
      variation: 1,
      steps: [
        { percent: 50, holdSeconds: 60, minSamples: 5000 },
        { percent: 100, holdSeconds: 60 },
      ],
    })
    expect(nextMove(strict, state(), healthy(50), 2 * MIN).move).toMatchObject({ kind: 'extend' })
  })

  it('says no traffic as such, and warns once where the plan says only warn', () => {
    const none: StepEvidence = { released: 0, others: 0, guards: [] }
    expect(nextMove(plan, state(), none, 10 * MIN).move).toMatchObject({
      kind: 'stop',
      trigger: 'no-traffic',
      reason: expect.stringContaining('no exposure at all'),
    })
    const lenient = { ...plan, onNoTraffic: 'warn' as const }
    const first = nextMove(lenient, state(), none, 10 * MIN)
    expect(first.warnings.map((w) => w.trigger)).toEqual(['no-traffic'])
    expect(first.move).toMatchObject({ kind: 'extend', lacking: ['exposures'] })
    const again = nextMove(lenient, state({ warned: ['no-traffic'] }), none, 11 * MIN)
    expect(again.warnings).toEqual([])
  })

  it("stops on a sample-ratio mismatch against the step's split", () => {
    const skewed: StepEvidence = { ...healthy(1), released: 5000, others: 95_000 }
    expect(nextMove(plan, state(), skewed, 1).move).toMatchObject({
      kind: 'stop',
      trigger: 'sample-ratio-mismatch',
      action: 'pause',
      reason: expect.stringContaining('1 % were expected'),
    })
  })

  it('does nothing for a plan that is paused, stopped or done', () => {
    for (const status of ['paused', 'completed', 'rolled-back', 'aborted'] as const) {
      expect(nextMove(plan, state({ status }), healthy(1), 99 * MIN).move).toEqual({ kind: 'idle' })
    }
  })
})
